package dev.jlstm.models;

import dev.jlstm.models.internal.Direction;

/**
 * A forward pass run for training ({@link Rnn#forwardForTraining}): its output, and what
 * {@link #backward} needs to backpropagate through it.
 */
public final class RnnTrace {
    private final Rnn rnn;
    private final RnnOutput output;
    private final Direction.Pass[][] passes;
    private final float[][] dropMasks;

    RnnTrace(Rnn rnn, RnnOutput output, Direction.Pass[][] passes, float[][] dropMasks) {
        this.rnn = rnn;
        this.output = output;
        this.passes = passes;
        this.dropMasks = dropMasks;
    }

    /** The output of the pass. */
    public RnnOutput output() {
        return output;
    }

    /**
     * Backpropagation through time over the whole pass: adds {@code d loss / d parameter} to every
     * parameter's gradient and returns the gradients with respect to the input and initial states.
     *
     * @param dOutput gradient with respect to {@link RnnOutput#output()}, same shape
     * @param dHn     gradient with respect to {@link RnnOutput#hn()}, or null for zeros
     * @param dCn     gradient with respect to {@link RnnOutput#cn()} (LSTM), or null for zeros
     */
    public RnnGradients backward(float[] dOutput, float[] dHn, float[] dCn) {
        if (passes == null) {
            throw new IllegalStateException("backward: this pass was not run for training");
        }
        RnnConfig config = rnn.config();
        int steps = output.steps();
        int batch = output.batch();
        Inputs.requireLength("backward", "dOutput", dOutput, (long) steps * batch * config.outputSize(),
                "[" + steps + " x " + batch + " x " + config.outputSize() + "]");
        long state = (long) config.stateRows() * batch * config.hiddenSize();
        String stateShape = "[" + config.stateRows() + " x " + batch + " x " + config.hiddenSize() + "]";
        if (dHn != null) {
            Inputs.requireLength("backward", "dHn", dHn, state, stateShape);
        }
        if (dCn != null) {
            if (!config.cell().hasCellState()) {
                throw new IllegalArgumentException("backward: dCn given for a GRU, which has no cell state");
            }
            Inputs.requireLength("backward", "dCn", dCn, state, stateShape);
        }
        float[] dh0 = new float[(int) state];
        float[] dc0 = config.cell().hasCellState() ? new float[(int) state] : null;
        float[] dy = dOutput;
        for (int l = config.layers() - 1; l >= 0; l--) {
            float[] dx = rnn.backwardLayer(l, passes[l], dy, dHn, dCn, dh0, dc0, steps, batch);
            if (l > 0 && dropMasks[l - 1] != null) {
                float[] mask = dropMasks[l - 1];
                for (int i = 0; i < dx.length; i++) {
                    dx[i] *= mask[i];
                }
            }
            dy = dx;
        }
        return new RnnGradients(dy, dh0, dc0);
    }
}
