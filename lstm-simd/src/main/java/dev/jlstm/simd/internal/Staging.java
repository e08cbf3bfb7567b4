package dev.jlstm.simd.internal;

import java.util.Arrays;

/**
 * Copies for the partial last vector of a row: the kernels stage it into a padded scratch area,
 * run their full-vector code there, and copy the real lanes back.
 */
final class Staging {
    private Staging() {}

    /** Copies {@code valid} floats from {@code a[ao..]} to {@code s[so..]} and zeros the rest of the vector there. */
    static void in(float[] a, int ao, float[] s, int so, int valid) {
        System.arraycopy(a, ao, s, so, valid);
        Arrays.fill(s, so + valid, so + S_LENGTH, 0f);
    }

    private static final int S_LENGTH = VectorMath.S.length();
}
