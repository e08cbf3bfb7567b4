package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Vector loops over arrays: BLAS level-1 operations, activations and softmax. */
final class VectorOps {
    private VectorOps() {}

    private static final int L = S.length();

    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    static void scale(int n, float alpha, float[] x, int xo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }

    /** Dot product with four accumulators (FMA latency), summed in a fixed order. */
    static float dot(int n, float[] x, int xo, float[] y, int yo) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), s0);
            s1 = FloatVector.fromArray(S, x, xo + i + L).fma(FloatVector.fromArray(S, y, yo + i + L), s1);
            s2 = FloatVector.fromArray(S, x, xo + i + 2 * L).fma(FloatVector.fromArray(S, y, yo + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xo + i + 3 * L).fma(FloatVector.fromArray(S, y, yo + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), s0);
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s = Math.fma(x[xo + i], y[yo + i], s);
        }
        return s;
    }

    /** Dot product where {@code x} has stride {@code xs}: vectorized only when the stride is 1. */
    static float dot(int n, float[] x, int xo, int xs, float[] y, int yo) {
        if (xs == 1) {
            return dot(n, x, xo, y, yo);
        }
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xo + i * xs], y[yo + i], s);
        }
        return s;
    }

    /** Row-wise (log-)softmax, shifted by the row maximum so that exp never overflows. */
    static void softmax(boolean log, int rows, int n, float[] x, int xo, int ldx, float[] y, int yo, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * ldx;
            int yr = yo + r * ldy;
            float max = max(n, x, xr);
            if (log) {
                // exp(x - max) goes to scratch: y may be x, which the last pass reads.
                float logSum = (float) Math.log(VectorMath.expShifted(x, xr, max, Scratch.get(n), 0, n));
                int i = 0;
                for (int bound = S.loopBound(n); i < bound; i += L) {
                    FloatVector.fromArray(S, x, xr + i).sub(max).sub(logSum).intoArray(y, yr + i);
                }
                for (; i < n; i++) {
                    y[yr + i] = x[xr + i] - max - logSum;
                }
            } else {
                float sum = VectorMath.expShifted(x, xr, max, y, yr, n);
                scale(n, 1f / sum, y, yr);
            }
        }
    }

    private static float max(int n, float[] x, int xo) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m = m.max(FloatVector.fromArray(S, x, xo + i));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[xo + i]);
        }
        return max;
    }
}
