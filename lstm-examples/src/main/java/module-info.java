/** The jlstm command line and its example tasks. */
module dev.jlstm.examples {
    requires dev.jlstm.core;
    requires dev.jlstm.models;
    requires org.slf4j;
}
