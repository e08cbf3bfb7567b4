package dev.jlstm.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Random arrays with offsets and padding, and checks that a kernel wrote only where it may. */
final class TestArrays {
    private TestArrays() {}

    /** Elements after the last addressed one, so that an overrun lands on a checked element. */
    static final int TAIL = 3;

    /** A uniform float in {@code [-scale, scale)}. */
    static float uniform(Random rnd, double scale) {
        return (float) ((2 * rnd.nextDouble() - 1) * scale);
    }

    /**
     * An array holding a {@code rows x cols} matrix at {@code off} with leading dimension {@code ld}
     * followed by {@link #TAIL} more elements; every element, padding included, is random in
     * {@code [-scale, scale)}, so that reading a padding element changes the result.
     */
    static float[] matrix(Random rnd, int off, int rows, int cols, int ld, double scale) {
        float[] a = new float[off + (rows - 1) * ld + cols + TAIL];
        for (int i = 0; i < a.length; i++) {
            a[i] = uniform(rnd, scale);
        }
        return a;
    }

    /**
     * Like {@link #matrix} but every element is a multiple of {@code 2^-bits} in {@code [-scale, scale]}:
     * products and short sums of such numbers are exact in float, which lets a test know the exact
     * pre-activations a kernel saw.
     */
    static float[] dyadic(Random rnd, int off, int rows, int cols, int ld, double scale, int bits) {
        float[] a = new float[off + (rows - 1) * ld + cols + TAIL];
        long steps = (long) Math.floor(scale * (1L << bits));
        for (int i = 0; i < a.length; i++) {
            long m = (long) Math.floor((2 * rnd.nextDouble() - 1) * (steps + 1));
            a[i] = (float) Math.scalb((double) Math.max(-steps, Math.min(steps, m)), -bits);
        }
        return a;
    }

    /** Asserts that {@code after} equals {@code before} bit for bit outside the given matrix region. */
    static void assertUntouchedOutside(String name, float[] before, float[] after, int off, int rows, int cols, int ld) {
        boolean[] inside = new boolean[after.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                inside[off + r * ld + c] = true;
            }
        }
        assertEquals(before.length, after.length);
        for (int i = 0; i < after.length; i++) {
            if (!inside[i]) {
                int at = i;
                assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]),
                        () -> name + "[" + at + "] lies outside the output region and was changed from "
                                + before[at] + " to " + after[at]);
            }
        }
    }

    /** Asserts that an input array was not changed at all. */
    static void assertUnchanged(String name, float[] before, float[] after) {
        assertUntouchedOutside(name, before, after, 0, 0, 0, 0);
    }
}
