package dev.jlstm.simd.internal;

/**
 * A per-thread float buffer for the kernels' staging rows (gate pre-activations on their way
 * through {@link VectorMath}), so that a step allocates nothing once the buffer has grown to size.
 */
final class Scratch {
    private Scratch() {}

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[256]);

    /** This thread's buffer, at least {@code n} floats long; its contents are garbage. */
    static float[] get(int n) {
        float[] b = BUFFER.get();
        if (b.length < n) {
            b = new float[Math.max(n, 2 * b.length)];
            BUFFER.set(b);
        }
        return b;
    }
}
