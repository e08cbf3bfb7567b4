package dev.jlstm.models;

/**
 * What {@link Rnn#forward} returns, shaped as PyTorch's {@code output, (h_n, c_n)}.
 *
 * @param output      {@code [T x B x outputSize]}; zero past each row's length
 * @param hn          {@code [L*D x B x H]}: each layer's and direction's final hidden state
 * @param cn          {@code [L*D x B x H]} final cell states (LSTM), or null (GRU)
 * @param steps       {@code T}
 * @param batch       {@code B}
 * @param outputSize  features per output step
 * @param stateRows   {@code L*D}
 * @param hiddenSize  {@code H}
 */
public record RnnOutput(float[] output, float[] hn, float[] cn, int steps, int batch, int outputSize,
                        int stateRows, int hiddenSize) {
}
