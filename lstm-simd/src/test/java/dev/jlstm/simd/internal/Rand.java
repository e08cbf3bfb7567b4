package dev.jlstm.simd.internal;

import java.util.Random;

/** Seeded random test data. */
final class Rand {
    private final Random random;

    Rand(long seed) {
        random = new Random(seed);
    }

    /** {@code n} values uniform in [-scale, scale). */
    float[] floats(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() * 2f - 1f) * scale;
        }
        return a;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
