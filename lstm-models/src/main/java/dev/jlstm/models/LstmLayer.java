package dev.jlstm.models;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.Arrays;

/**
 * One LSTM layer, one direction, for inference, with PyTorch's weights and equations:
 * <pre>
 *   i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)   o = σ(W_io x + b_io + W_ho h + b_ho)
 *   c' = f * c + i * g                        h' = o * tanh(c')
 * </pre>
 * Weights come in the layout of {@code torch.nn.LSTM}'s {@code weight_ih_l0 [4H x X]},
 * {@code weight_hh_l0 [4H x H]}, {@code bias_ih_l0 [4H]}, {@code bias_hh_l0 [4H]} (gate order
 * i, f, g, o). Sequences are seq-first, {@code x [T x B x X]}, outputs {@code [T x B x H]}.
 *
 * <p>A layer is immutable and may be shared by any number of threads; each caller owns its
 * {@link State}. The weights are packed once, at construction, for the backend's kernels.
 */
public final class LstmLayer {
    private final Backend backend;
    private final int inputSize;
    private final int hiddenSize;
    /** b_ih + b_hh, [4H]. */
    private final float[] bias;
    /** W_ihᵀ for the input projection of a whole sequence. */
    private final PackedMatrix inputWeights;
    /** W_hh for the fused recurrent step. */
    private final PackedMatrix recurrentWeights;
    /** [W_ih | W_hh] for the fused streaming step on [x, h]. */
    private final PackedMatrix streamingWeights;

    /**
     * A layer with PyTorch's weights on the default backend ({@link Backends#get()}).
     *
     * @param weightIh {@code [4H x X]} row-major
     * @param weightHh {@code [4H x H]} row-major
     * @param biasIh   {@code [4H]}, or {@code null} for a layer without biases
     * @param biasHh   {@code [4H]}, or {@code null} for a layer without biases
     * @throws IllegalArgumentException if a size is not positive or an array's length does not match
     */
    public LstmLayer(int inputSize, int hiddenSize, float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
        this(Backends.get(), inputSize, hiddenSize, weightIh, weightHh, biasIh, biasHh);
    }

    /** As {@link #LstmLayer(int, int, float[], float[], float[], float[])}, on the given backend. */
    public LstmLayer(Backend backend, int inputSize, int hiddenSize, float[] weightIh, float[] weightHh,
                     float[] biasIh, float[] biasHh) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("LstmLayer: inputSize and hiddenSize must be > 0, found "
                    + inputSize + " and " + hiddenSize);
        }
        int g = 4 * hiddenSize;
        requireLength("weight_ih", weightIh, (long) g * inputSize, "[" + g + " x " + inputSize + "]");
        requireLength("weight_hh", weightHh, (long) g * hiddenSize, "[" + g + " x " + hiddenSize + "]");
        if ((biasIh == null) != (biasHh == null)) {
            throw new IllegalArgumentException("LstmLayer: give both bias_ih and bias_hh, or neither");
        }
        this.backend = backend;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = new float[g];
        if (biasIh != null) {
            requireLength("bias_ih", biasIh, g, "[" + g + "]");
            requireLength("bias_hh", biasHh, g, "[" + g + "]");
            for (int j = 0; j < g; j++) {
                bias[j] = biasIh[j] + biasHh[j];
            }
        }
        this.inputWeights = backend.pack(true, inputSize, g, weightIh, 0, inputSize);
        this.recurrentWeights = backend.packGates(4, hiddenSize, hiddenSize, weightHh, 0, hiddenSize);
        int k = inputSize + hiddenSize;
        float[] both = new float[g * k];
        for (int j = 0; j < g; j++) {
            System.arraycopy(weightIh, j * inputSize, both, j * k, inputSize);
            System.arraycopy(weightHh, j * hiddenSize, both, j * k + inputSize, hiddenSize);
        }
        this.streamingWeights = backend.packGates(4, hiddenSize, k, both, 0, k);
    }

    /** Features per input step, {@code X}. */
    public int inputSize() {
        return inputSize;
    }

    /** Hidden units, {@code H}. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The recurrent state of a batch: {@code h} and {@code c}, each {@code [B x H]}, zeros when new. */
    public State newState(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("LstmLayer.newState: batch must be > 0, found " + batch);
        }
        return new State(batch, inputSize, hiddenSize);
    }

    /**
     * Runs a whole sequence from {@code state} (which it advances to the last step).
     *
     * @param x     {@code [T x B x X]}, {@code B = state.batch()}
     * @param steps {@code T}
     * @return the outputs {@code h_t}, {@code [T x B x H]}
     */
    public float[] forward(float[] x, int steps, State state) {
        int batch = state.batch;
        checkState(state);
        if (steps < 0) {
            throw new IllegalArgumentException("LstmLayer.forward: steps must be >= 0, found " + steps);
        }
        long need = (long) steps * batch * inputSize;
        if (x == null || x.length != need) {
            throw new IllegalArgumentException("LstmLayer.forward: x must be [" + steps + " x " + batch + " x "
                    + inputSize + "] = " + need + " floats, found " + (x == null ? "null" : x.length));
        }
        int g = 4 * hiddenSize;
        int rows = steps * batch;
        // The input projection of every step at once (one large product), biases included.
        float[] pre = new float[rows * g];
        backend.fillRows(rows, g, bias, 0, pre, 0, g);
        backend.gemm(false, rows, x, 0, inputSize, inputWeights, pre, 0, g);
        float[] out = new float[rows * hiddenSize];
        for (int t = 0; t < steps; t++) {
            float[] hPrev = t == 0 ? state.h : out;
            int hPrevOff = t == 0 ? 0 : (t - 1) * batch * hiddenSize;
            backend.lstmStep(batch, recurrentWeights, hPrev, hPrevOff, hiddenSize, pre, t * batch * g, g,
                    state.c, 0, state.c, 0, out, t * batch * hiddenSize, hiddenSize, null, 0);
        }
        if (steps > 0) {
            System.arraycopy(out, (steps - 1) * batch * hiddenSize, state.h, 0, batch * hiddenSize);
        }
        return out;
    }

    /**
     * Advances {@code state} by one step of input {@code x [B x X]} (from {@code xOff}); the new
     * hidden state is then {@link State#h()}. Allocates nothing.
     */
    public void step(float[] x, int xOff, State state) {
        checkState(state);
        int batch = state.batch;
        int k = inputSize + hiddenSize;
        if (x == null || xOff < 0 || (long) xOff + (long) batch * inputSize > x.length) {
            throw new IllegalArgumentException("LstmLayer.step: x must hold [" + batch + " x " + inputSize
                    + "] floats from offset " + xOff + ", found " + (x == null ? "null" : x.length + " floats"));
        }
        for (int r = 0; r < batch; r++) {
            System.arraycopy(x, xOff + r * inputSize, state.xh, r * k, inputSize);
            System.arraycopy(state.h, r * hiddenSize, state.xh, r * k + inputSize, hiddenSize);
        }
        backend.lstmStep(batch, streamingWeights, state.xh, 0, k, bias, 0, 0, state.c, 0, state.c, 0,
                state.h, 0, hiddenSize, null, 0);
    }

    private void checkState(State state) {
        if (state == null || state.inputSize != inputSize || state.hiddenSize != hiddenSize) {
            throw new IllegalArgumentException("LstmLayer: the state must come from newState() of a layer with X = "
                    + inputSize + ", H = " + hiddenSize + (state == null ? ", found null"
                    : ", found one for X = " + state.inputSize + ", H = " + state.hiddenSize));
        }
    }

    private static void requireLength(String name, float[] a, long expected, String shape) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException("LstmLayer: " + name + " must be " + shape + " = " + expected
                    + " floats, found " + (a == null ? "null" : a.length));
        }
    }

    /**
     * The recurrent state of one batch: hidden {@code h [B x H]} and cell {@code c [B x H]}.
     * Owned by one caller at a time; not thread-safe.
     */
    public static final class State {
        private final int batch;
        private final int inputSize;
        private final int hiddenSize;
        private final float[] h;
        private final float[] c;
        /** The streaming step's input row [x, h] per batch row. */
        private final float[] xh;

        private State(int batch, int inputSize, int hiddenSize) {
            this.batch = batch;
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            this.h = new float[batch * hiddenSize];
            this.c = new float[batch * hiddenSize];
            this.xh = new float[batch * (inputSize + hiddenSize)];
        }

        /** Batch rows {@code B}. */
        public int batch() {
            return batch;
        }

        /** The hidden state {@code [B x H]}; a live view, overwritten by the next step. */
        public float[] h() {
            return h;
        }

        /** The cell state {@code [B x H]}; a live view, overwritten by the next step. */
        public float[] c() {
            return c;
        }

        /** Back to zeros. */
        public void reset() {
            Arrays.fill(h, 0f);
            Arrays.fill(c, 0f);
        }
    }
}
