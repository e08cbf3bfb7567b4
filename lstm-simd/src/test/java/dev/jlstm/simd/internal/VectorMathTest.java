package dev.jlstm.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Our exp, sigmoid and tanh against {@code double} math: every 97th float in [-30, 30] (about 23
 * million arguments, all exponents and mantissa patterns) plus the special values, saturation and
 * monotonicity. The bounds asserted are the ones {@link VectorMath} documents.
 */
class VectorMathTest {
    private static final int CHUNK = 4096;

    /** One of VectorMath's functions: {@code y[yo + i] = f(x[xo + i])} for {@code i < n}. */
    private interface Lanewise {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    private static final Lanewise EXP = (x, xo, y, yo, n) -> VectorMath.expShifted(x, xo, 0f, y, yo, n);

    @Test
    void sigmoidIsWithinItsDocumentedError() {
        double[] worst = sweep(VectorMath::sigmoid, x -> 1 / (1 + Math.exp(-x)));
        assertTrue(worst[0] <= VectorMath.SIGMOID_MAX_ABS_ERROR, "sigmoid max abs error " + worst[0]);
        assertTrue(worst[1] <= VectorMath.SIGMOID_MAX_REL_ERROR, "sigmoid max rel error " + worst[1]);
    }

    @Test
    void tanhIsWithinItsDocumentedError() {
        double[] worst = sweep(VectorMath::tanh, Math::tanh);
        assertTrue(worst[0] <= VectorMath.TANH_MAX_ERROR, "tanh max abs error " + worst[0]);
        assertTrue(worst[1] <= VectorMath.TANH_MAX_ERROR, "tanh max rel error " + worst[1]);
    }

    @Test
    void expIsWithinItsDocumentedError() {
        double[] worst = sweep(EXP, Math::exp);
        assertTrue(worst[1] <= VectorMath.EXP_MAX_REL_ERROR, "exp max rel error " + worst[1]);
    }

    @Test
    void specialValues() {
        assertTrue(Float.isNaN(one(VectorMath::sigmoid, Float.NaN)), "sigmoid(NaN)");
        assertTrue(Float.isNaN(one(VectorMath::tanh, Float.NaN)), "tanh(NaN)");
        assertTrue(Float.isNaN(one(EXP, Float.NaN)), "exp(NaN)");
        assertEquals(1f, one(VectorMath::sigmoid, Float.POSITIVE_INFINITY));
        assertEquals(0f, one(VectorMath::sigmoid, Float.NEGATIVE_INFINITY));
        assertEquals(1f, one(VectorMath::tanh, Float.POSITIVE_INFINITY));
        assertEquals(-1f, one(VectorMath::tanh, Float.NEGATIVE_INFINITY));
        assertEquals(0f, one(EXP, Float.NEGATIVE_INFINITY));
        assertEquals(0.5f, one(VectorMath::sigmoid, 0f));
        assertEquals(0.5f, one(VectorMath::sigmoid, -0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(one(VectorMath::tanh, -0f)), "tanh(-0) = -0");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(one(VectorMath::tanh, 0f)), "tanh(+0) = +0");
        assertEquals(1f, one(EXP, 0f));
        assertEquals(Float.MIN_VALUE, one(VectorMath::tanh, Float.MIN_VALUE), "tanh(x) = x for tiny x");
        assertEquals(1e-30f, one(VectorMath::tanh, 1e-30f), "tanh(x) = x for tiny x");
    }

    @Test
    void saturatesExactly() {
        for (float x = 9.1f; x < 1e6f; x *= 1.37f) { // the correctly rounded tanh is 1 from 9.01 on
            assertEquals(1f, one(VectorMath::tanh, x), "tanh(" + x + ")");
            assertEquals(-1f, one(VectorMath::tanh, -x), "tanh(" + -x + ")");
        }
        for (float x = 17f; x < 1e6f; x *= 1.37f) {
            assertEquals(1f, one(VectorMath::sigmoid, x), "sigmoid(" + x + ")");
        }
        for (float x = 87.4f; x < 1e6f; x *= 1.37f) {
            assertEquals(0f, one(VectorMath::sigmoid, -x), "sigmoid(" + -x + ")");
        }
        assertTrue(one(VectorMath::sigmoid, 30f) <= 1f && one(VectorMath::sigmoid, -30f) >= 0f);
    }

    @Test
    void monotonic() {
        float prevS = 0f, prevT = -1f;
        for (float x = -40f; x <= 40f; x += 0.000731f) {
            float s = one(VectorMath::sigmoid, x), t = one(VectorMath::tanh, x);
            if (s < prevS || t < prevT) {
                fail("not monotonic at " + x + ": sigmoid " + prevS + " -> " + s + ", tanh " + prevT + " -> " + t);
            }
            prevS = s;
            prevT = t;
        }
    }

    /** Max absolute and relative error over every 97th float in [-30, 30]. */
    private static double[] sweep(Lanewise f, DoubleUnaryOperator exact) {
        float[] x = new float[CHUNK];
        float[] y = new float[CHUNK];
        double maxAbs = 0, maxRel = 0;
        int n = 0;
        int end = Float.floatToRawIntBits(30f);
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; bits <= end; bits += 97) {
                x[n++] = sign == 0 ? Float.intBitsToFloat(bits) : -Float.intBitsToFloat(bits);
                if (n == CHUNK || bits + 97 > end) {
                    apply(f, x, y, n);
                    for (int i = 0; i < n; i++) {
                        double want = exact.applyAsDouble(x[i]);
                        double err = Math.abs(y[i] - want);
                        maxAbs = Math.max(maxAbs, err);
                        if (want != 0) {
                            maxRel = Math.max(maxRel, err / Math.abs(want));
                        }
                    }
                    n = 0;
                }
            }
        }
        return new double[] {maxAbs, maxRel};
    }

    private static void apply(Lanewise f, float[] x, float[] y, int n) {
        f.apply(x, 0, y, 0, n);
    }

    /** f(x) computed in every lane of a full vector (and the tail path, by a second call on one element). */
    private static float one(Lanewise f, float x) {
        int l = VectorMath.S.length();
        float[] xs = new float[l + 1];
        java.util.Arrays.fill(xs, x);
        float[] ys = new float[l + 1];
        f.apply(xs, 0, ys, 0, l + 1);
        for (int i = 1; i <= l; i++) {
            assertEquals(Float.floatToRawIntBits(ys[0]), Float.floatToRawIntBits(ys[i]), "lane " + i + " of f(" + x + ")");
        }
        return ys[0];
    }
}
