package dev.jlstm.models;

/**
 * The input-side gradients of {@link RnnTrace#backward}; the parameter gradients are added to
 * {@link Parameter#grad()}.
 *
 * @param input {@code [T x B x X]}: gradient of the loss with respect to {@code x}
 * @param h0    {@code [L*D x B x H]}: with respect to the initial hidden state
 * @param c0    {@code [L*D x B x H]}: with respect to the initial cell state (LSTM), or null
 */
public record RnnGradients(float[] input, float[] h0, float[] c0) {
}
