package dev.jlstm.bench;

import java.util.SplittableRandom;

/** Reproducible inputs: the same seed gives every backend and every JDK the same numbers. */
final class BenchData {

    private BenchData() {}

    /** {@code n} values uniform in {@code [-bound, bound)}. */
    static float[] uniform(long seed, int n, double bound) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-bound, bound);
        }
        return x;
    }

    /**
     * A weight matrix of {@code rows x cols} initialised as PyTorch initialises an LSTM, uniform in
     * {@code ±1/sqrt(hidden)}: gate pre-activations then stay in the range where sigmoid and tanh are
     * not saturated, like a trained network's, and the recurrent state stays bounded.
     */
    static float[] lstmWeights(long seed, int rows, int cols, int hidden) {
        return uniform(seed, rows * cols, 1 / Math.sqrt(hidden));
    }
}
