package dev.jlstm.simd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector and row operations, vector against scalar, at lengths around every multiple of the
 * lane count and at odd offsets. Bounds: a float sum of {@code n} terms is within
 * {@code n u sum|terms|} of exact (so two backends within twice that); elementwise operations
 * within the documented activation errors plus a rounding.
 */
class VectorOpsParityTest {
    static final Backend SCALAR = Backends.scalar();
    static final Backend VECTOR = Backends.byName("vector");
    static final double U = 0x1p-24;

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 255, 257, 1000})
    void levelOneMatchesScalar(int n) {
        Rand rand = new Rand(n);
        float[] x = rand.floats(n + 3, 2f);
        float[] y = rand.floats(n + 5, 2f);

        float[] ys = y.clone(), yv = y.clone();
        SCALAR.axpy(n, 0.37f, x, 3, ys, 5);
        VECTOR.axpy(n, 0.37f, x, 3, yv, 5);
        for (int i = 0; i < y.length; i++) {
            // y + a*x: one rounding (vector FMA) against two (scalar)
            check("axpy", i, yv[i], ys[i], 3 * U * (Math.abs(y[i]) + Math.abs(0.37 * (i >= 5 ? x[i - 2] : 0))));
        }
        assertArrayEquals(java.util.Arrays.copyOf(y, 5), java.util.Arrays.copyOf(yv, 5), "axpy wrote before its offset");

        float[] xs = x.clone(), xv = x.clone();
        SCALAR.scale(n, -1.5f, xs, 3);
        VECTOR.scale(n, -1.5f, xv, 3);
        assertArrayEquals(xs, xv, "scale is one exact-rounded multiply per element");

        double absDot = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            absDot += Math.abs((double) x[3 + i] * y[5 + i]);
            sq += (double) x[3 + i] * x[3 + i];
        }
        check("dot", 0, VECTOR.dot(n, x, 3, y, 5), SCALAR.dot(n, x, 3, y, 5), 2 * (n + 1) * U * absDot);
        check("sumOfSquares", 0, VECTOR.sumOfSquares(n, x, 3), SCALAR.sumOfSquares(n, x, 3), 2 * (n + 1) * U * sq);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 255, 257, 1000})
    void activationsMatchScalar(int n) {
        float[] x = new Rand(n + 1).floats(n + 2, 12f);
        float[] s = new float[n + 4], v = new float[n + 4];
        SCALAR.sigmoid(n, x, 2, s, 1);
        VECTOR.sigmoid(n, x, 2, v, 1);
        for (int i = 0; i < n + 4; i++) {
            check("sigmoid", i, v[i], s[i], VectorMath.SIGMOID_MAX_ABS_ERROR + U);
        }
        SCALAR.tanh(n, x, 2, s, 1);
        VECTOR.tanh(n, x, 2, v, 1);
        for (int i = 0; i < n + 4; i++) {
            check("tanh", i, v[i], s[i], VectorMath.TANH_MAX_ERROR + U);
        }
        assertEquals(0f, v[0], "tanh wrote before its offset");
        assertEquals(0f, v[n + 1], "tanh wrote past its end");

        float[] inPlace = x.clone();
        VECTOR.tanh(n, inPlace, 2, inPlace, 2);
        VECTOR.tanh(n, x, 2, v, 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(v, 2, n + 2), java.util.Arrays.copyOfRange(inPlace, 2, n + 2),
                "tanh in place");
    }

    @ParameterizedTest(name = "cols={0}")
    @ValueSource(ints = {1, 2, 7, 8, 9, 16, 17, 33, 65, 257})
    void softmaxMatchesScalar(int n) {
        int rows = 3, off = 1, ld = n + 2;
        float[] x = new Rand(3 * n).floats(off + rows * ld, 20f);
        x[off + ld] += 1000f; // a large row must not overflow
        for (boolean log : new boolean[] {false, true}) {
            float[] s = new float[x.length], v = new float[x.length];
            if (log) {
                SCALAR.logSoftmax(rows, n, x, off, ld, s, off, ld);
                VECTOR.logSoftmax(rows, n, x, off, ld, v, off, ld);
            } else {
                SCALAR.softmax(rows, n, x, off, ld, s, off, ld);
                VECTOR.softmax(rows, n, x, off, ld, v, off, ld);
            }
            for (int r = 0; r < rows; r++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, x[off + r * ld + j]);
                }
                for (int j = 0; j < n; j++) {
                    int idx = off + r * ld + j;
                    // x - max rounds by u |x - max|, which exp turns into that relative error; exp adds
                    // EXP_MAX_REL_ERROR, the float sum of n terms n u, the log and the divide a few u.
                    double rel = VectorMath.EXP_MAX_REL_ERROR + (n + 4) * U + U * Math.abs(x[idx] - max);
                    double bound = log ? 2 * rel + 4 * U * (Math.abs(x[idx]) + Math.abs(max) + Math.abs(s[idx]))
                            : 2 * rel * Math.abs(s[idx]);
                    check(log ? "logSoftmax" : "softmax", idx, v[idx], s[idx], bound);
                }
            }
        }
    }

    @ParameterizedTest(name = "cols={0}")
    @ValueSource(ints = {1, 9, 16, 65})
    void softmaxInPlaceEqualsOutOfPlace(int n) {
        int rows = 2, ld = n + 1;
        float[] x = new Rand(5 * n).floats(rows * ld, 10f);
        for (boolean log : new boolean[] {false, true}) {
            float[] out = new float[x.length];
            float[] inPlace = x.clone();
            if (log) {
                VECTOR.logSoftmax(rows, n, x, 0, ld, out, 0, ld);
                VECTOR.logSoftmax(rows, n, inPlace, 0, ld, inPlace, 0, ld);
            } else {
                VECTOR.softmax(rows, n, x, 0, ld, out, 0, ld);
                VECTOR.softmax(rows, n, inPlace, 0, ld, inPlace, 0, ld);
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(out[r * ld + j], inPlace[r * ld + j], (log ? "logSoftmax" : "softmax") + " in place");
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 17, 65})
    void rowOperationsMatchScalar(int n) {
        int m = 5, off = 2, ld = n + 3;
        Rand rand = new Rand(n * 11L);
        float[] a = rand.floats(off + m * ld, 1f);
        float[] row = rand.floats(n + 1, 1f);
        float[] s = new float[n + 2], v = new float[n + 2];
        SCALAR.sumRows(m, n, a, off, ld, s, 1);
        VECTOR.sumRows(m, n, a, off, ld, v, 1);
        for (int j = 0; j < n + 2; j++) {
            double abs = 0;
            for (int i = 0; i < m && j >= 1 && j <= n; i++) {
                abs += Math.abs(a[off + i * ld + j - 1]);
            }
            check("sumRows", j, v[j], s[j], 2 * (m + 1) * U * abs);
        }
        float[] cs = a.clone(), cv = a.clone();
        SCALAR.fillRows(m, n, row, 1, cs, off, ld);
        VECTOR.fillRows(m, n, row, 1, cv, off, ld);
        assertArrayEquals(cs, cv, "fillRows copies");
    }

    private static void check(String what, int idx, float got, float ref, double bound) {
        if (!(Math.abs((double) got - ref) <= bound) && !(Float.isNaN(got) && Float.isNaN(ref))) {
            fail(what + "[" + idx + "]: vector " + got + " scalar " + ref + ", allowed difference " + bound);
        }
    }
}
