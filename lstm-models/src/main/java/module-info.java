/** jlstm models: layers, heads, losses, optimizers and training on top of the core SPI. */
module dev.jlstm.models {
    requires transitive dev.jlstm.core;
    requires org.slf4j;

    exports dev.jlstm.models;
}
