package dev.jlstm.simd.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh over array ranges, built from multiply-adds, one division and bit tricks.
 *
 * <p>Why our own: {@code lanewise(EXP)} and {@code lanewise(TANH)} call out to a library routine per
 * vector whose speed differs widely between JDKs and CPUs (see {@code VectorApiActivationBench}).
 *
 * <p>Why on arrays and not on {@code FloatVector}s: C2 does not always inline a method of this
 * size (it refuses a callee whose own compiled code exceeds {@code InlineSmallCode}, which
 * {@code -XX:+PrintInlining} showed for a {@code sigmoid(FloatVector)}), and a vector passed to or
 * returned from a call that is not inlined is boxed: an allocation per call and a slowdown of
 * tens of times. So no vector crosses a method boundary here; the fused kernels stage their gate
 * pre-activations in a small L1-resident scratch row and call these on it.
 *
 * <p>Accuracy against {@code double} math, the bounds below, which {@code VectorMathTest} checks
 * over [-30, 30] (measured maxima in parentheses):
 * <ul>
 *   <li>{@link #expShifted}: relative error under {@value #EXP_MAX_REL_ERROR} (8.3e-8, 1.4 ulp) for
 *       arguments in [-87.3, 88]; below -87.3 it gives 0, above 88 it gives exp(88).</li>
 *   <li>{@link #sigmoid}: absolute error under {@value #SIGMOID_MAX_ABS_ERROR} (8.9e-8), relative
 *       under {@value #SIGMOID_MAX_REL_ERROR} (1.5e-7); exactly 1 from 17 up, exactly 0 below -87.3.</li>
 *   <li>{@link #tanh}: absolute and relative error under {@value #TANH_MAX_ERROR} (8.9e-8);
 *       exactly ±1 from ±9.1 on, like the correctly rounded function; odd, so tanh(-0) = -0.</li>
 * </ul>
 * NaN gives NaN; ±∞ give the limits (exp: +∞ is clamped to exp(88), -∞ gives 0).
 */
final class VectorMath {
    private VectorMath() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);
    /** The padded copy of a last partial vector; separate from {@link Scratch}, whose rows callers pass in. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

    /** Bound on the relative error of {@link #expShifted} for arguments in [-87.3, 88]. */
    static final double EXP_MAX_REL_ERROR = 1.2e-7;
    /** Bound on the absolute error of {@link #sigmoid}. */
    static final double SIGMOID_MAX_ABS_ERROR = 1.5e-7;
    /** Bound on the relative error of {@link #sigmoid}. */
    static final double SIGMOID_MAX_REL_ERROR = 3e-7;
    /** Bound on the absolute and the relative error of {@link #tanh}. */
    static final double TANH_MAX_ERROR = 1.5e-7;

    // exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2].
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;     // ln 2 split so that n * LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    /** Clamp so that n stays in [-126, 127], where 2^n is a normal float. */
    private static final float EXP_HI = 88f;
    private static final float EXP_LO = -87.3f;
    // exp(r) ~ 1 + r + r^2 (E2 + r (E3 + ...)): minimax on [-ln2/2, ln2/2] for relative error
    // (fitted by reweighted least squares; 6e-8 relative after float rounding).
    private static final float E2 = 0.4999999403953552f;
    private static final float E3 = 0.1666651964187622f;
    private static final float E4 = 0.04166839271783829f;
    private static final float E5 = 0.008368773385882378f;
    private static final float E6 = 0.001381443813443184f;

    // tanh(x) = x + x^3 T(x^2) for |x| < TANH_SPLIT: T minimax for relative error on that range
    // (fitted by reweighted least squares; 7.8e-8 relative after float rounding). Beyond, the
    // identity tanh|x| = 1 - 2 / (exp(2|x|) + 1) has no cancellation, is monotonic, and rounds to
    // exactly 1 from |x| = 9.1 on, like the true function.
    private static final float TANH_SPLIT = 0.85f;
    private static final int SIGN_BIT = 0x80000000;
    private static final float T1 = -0.3333326578140259f;
    private static final float T2 = 0.1333148032426834f;
    private static final float T3 = -0.053796518594026566f;
    private static final float T4 = 0.021121254190802574f;
    private static final float T5 = -0.007143048103898764f;
    private static final float T6 = 0.0014402903616428375f;

    /** {@code y[yo + i] = sigmoid(x[xo + i])} for {@code i < n}; {@code y} may be {@code x}. */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        activate(false, x, xo, y, yo, n);
    }

    /** {@code y[yo + i] = tanh(x[xo + i])} for {@code i < n}; {@code y} may be {@code x}. */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        activate(true, x, xo, y, yo, n);
    }

    /**
     * sigmoid or tanh: both are {@code 1 / (1 + e)} of an exponential, sigmoid(x) with
     * {@code e = exp(-x)}, tanh|x| = 1 - 2 / (1 + exp(2|x|)) (plus the polynomial near 0), so one
     * loop with one copy of the exponential serves both.
     */
    private static void activate(boolean tanh, float[] xa, int xo, float[] ya, int yo, int n) {
        int full = n - n % L;
        activateFull(tanh, xa, xo, ya, yo, full);
        if (full < n) { // the last partial vector, through a padded copy (see LstmKernels on staging)
            float[] t = TAIL.get();
            Staging.in(xa, xo + full, t, 0, n - full);
            activateFull(tanh, t, 0, t, 0, L);
            System.arraycopy(t, 0, ya, yo + full, n - full);
        }
    }

    /** {@link #activate} over {@code n} floats, a multiple of {@code L}. */
    private static void activateFull(boolean tanh, float[] xa, int xo, float[] ya, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, xa, xo + i);
            FloatVector a = x.abs();
            FloatVector arg = tanh ? a.add(a) : x.neg();

            // e = exp(arg): 2^k exp(r), k = round(arg / ln 2), r = arg - k ln 2.
            FloatVector ac = arg.min(EXP_HI).max(EXP_LO); // min/max keep NaN
            FloatVector t = ac.fma(broadcast(LOG2E), broadcast(ROUND_MAGIC));
            FloatVector k = t.sub(ROUND_MAGIC);
            FloatVector r = k.fma(broadcast(-LN2_HI), ac);
            r = k.fma(broadcast(-LN2_LO), r);
            FloatVector p = r.fma(broadcast(E6), broadcast(E5)).fma(r, broadcast(E4)).fma(r, broadcast(E3))
                    .fma(r, broadcast(E2));
            p = p.mul(r).fma(r, r).add(1f);
            // The bits of t are those of ROUND_MAGIC plus k; shifted left by 23 only k << 23 survives,
            // which added to the bits of 1.0f makes 2^k.
            FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)
                    .add(ONE_BITS).reinterpretAsFloats();
            FloatVector q = broadcast(1f).div(p.mul(scale).add(1f)); // 1 / (1 + e)

            FloatVector y;
            if (tanh) {
                FloatVector s = a.mul(a);
                FloatVector poly = s.fma(broadcast(T6), broadcast(T5)).fma(s, broadcast(T4)).fma(s, broadcast(T3))
                        .fma(s, broadcast(T2)).fma(s, broadcast(T1));
                FloatVector small = a.mul(s).fma(poly, a);
                FloatVector large = q.mul(-2f).add(1f);
                y = large.blend(small, a.compare(VectorOperators.LT, TANH_SPLIT));
                // tanh is odd: give y (never negative) the sign bit of x, so that tanh(-0) = -0.
                y = y.reinterpretAsInts()
                        .lanewise(VectorOperators.OR, x.reinterpretAsInts().lanewise(VectorOperators.AND, SIGN_BIT))
                        .reinterpretAsFloats();
            } else {
                y = q.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
            }
            y.intoArray(ya, yo + i);
        }
    }

    /**
     * {@code y[yo + i] = exp(x[xo + i] - shift)} for {@code i < n}; returns the float sum of the
     * {@code y} written. Arguments below -87.3 give 0, above 88 give exp(88).
     */
    static float expShifted(float[] xa, int xo, float shift, float[] ya, int yo, int n) {
        int full = n - n % L;
        float sum = expShiftedFull(xa, xo, shift, ya, yo, full);
        if (full < n) {
            float[] t = TAIL.get();
            Staging.in(xa, xo + full, t, 0, n - full);
            expShiftedFull(t, 0, shift, t, 0, L);
            for (int i = 0; i < n - full; i++) {
                sum += t[i];
            }
            System.arraycopy(t, 0, ya, yo + full, n - full);
        }
        return sum;
    }

    /** {@link #expShifted} over {@code n} floats, a multiple of {@code L}. */
    private static float expShiftedFull(float[] xa, int xo, float shift, float[] ya, int yo, int n) {
        // The same exponential as in activate, written out again rather than shared as a method
        // on FloatVectors (see the class comment).
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, xa, xo + i).sub(shift);
            FloatVector ac = x.min(EXP_HI).max(EXP_LO);
            FloatVector t = ac.fma(broadcast(LOG2E), broadcast(ROUND_MAGIC));
            FloatVector k = t.sub(ROUND_MAGIC);
            FloatVector r = k.fma(broadcast(-LN2_HI), ac);
            r = k.fma(broadcast(-LN2_LO), r);
            FloatVector p = r.fma(broadcast(E6), broadcast(E5)).fma(r, broadcast(E4)).fma(r, broadcast(E3))
                    .fma(r, broadcast(E2));
            p = p.mul(r).fma(r, r).add(1f);
            FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)
                    .add(ONE_BITS).reinterpretAsFloats();
            FloatVector e = p.mul(scale).blend(0f, x.compare(VectorOperators.LT, EXP_LO));
            e.intoArray(ya, yo + i);
            sum = sum.add(e);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector broadcast(float v) {
        return FloatVector.broadcast(S, v);
    }
}
