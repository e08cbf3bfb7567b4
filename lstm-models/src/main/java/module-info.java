/**
 * jlstm models: LSTM and GRU networks (stacked, bidirectional, variable-length), their training by
 * backpropagation through time, and PyTorch-compatible weights; built on {@link dev.jlstm.core.Backend}.
 */
module dev.jlstm.models {
    requires transitive dev.jlstm.core;
    requires org.slf4j;

    exports dev.jlstm.models;
}
