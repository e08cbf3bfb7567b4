package dev.jlstm.core.internal;

/**
 * Worst-case error bounds of float evaluation, used as test tolerances.
 *
 * <p>Each bound compares a float result with the exact value of the same expression computed from the
 * same float inputs. {@code U = 2^-24} is the unit roundoff of float: one correctly rounded float
 * operation has a relative error of at most {@code U}. The bounds ignore gradual underflow (the tests'
 * values stay far above {@code Float.MIN_NORMAL} except where a caller adds an absolute
 * {@code Float.MIN_VALUE}).
 *
 * <p>The float64 references the tests compare with carry their own rounding error of order
 * {@code 2^-53} relative, {@code 2^-29} times smaller than any bound here, so it is not counted.
 */
final class FloatError {
    private FloatError() {}

    /** Unit roundoff of float. */
    static final double U = 0x1p-24;

    /**
     * A float sum of {@code terms} addends, each either a float product (rounded once) or a plain
     * float, added one by one in any order. Every addend passes through at most {@code terms}
     * roundings (its product, then at most {@code terms - 1} additions), so the error is at most
     * {@code γ(terms) · Σ|addend|} with {@code γ(n) = nU / (1 - nU)}; and {@code γ(n) <= (n + 1)·U}
     * whenever {@code n(n + 1)·U <= 1}, i.e. {@code n <= 4095}.
     *
     * <p>For a product {@code C += A·B} with inner dimension {@code k}, the addends are the
     * {@code k} products and {@code c0}: {@code (k + 2)·U·(Σ|a·b| + |c0|)}.
     */
    static double sum(int terms, double sumOfAbsAddends) {
        if (terms > 4095) {
            throw new IllegalArgumentException("the (n + 1)U bound needs n <= 4095, found " + terms);
        }
        return (terms + 1) * U * sumOfAbsAddends;
    }

    /**
     * {@code fl(x̂ · ŷ)} against {@code x · y}, where {@code |x̂ - x| <= ex} and {@code |ŷ - y| <= ey}:
     * {@code |x̂ŷ - xy| <= |x|ey + |y|ex + ex·ey}, plus one rounding of {@code |x̂ŷ| <= (|x|+ex)(|y|+ey)}.
     */
    static double mul(double x, double ex, double y, double ey) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        return ax * ey + ay * ex + ex * ey + U * (ax + ex) * (ay + ey);
    }

    /** {@code fl(x̂ + ŷ)} against {@code x + y}: the input errors plus one rounding of {@code |x̂ + ŷ|}. */
    static double add(double x, double ex, double y, double ey) {
        return ex + ey + U * (Math.abs(x) + ex + Math.abs(y) + ey);
    }

    /**
     * {@code fl(sigmoid(x̂))} against {@code s = sigmoid(x)} for {@code |x̂ - x| <= ex}: sigmoid is
     * 1/4-Lipschitz ({@code sigmoid' = s(1-s) <= 1/4}); the scalar backend evaluates it in double and
     * rounds once to float, which we count as two float roundings (one rounding, plus a few double
     * ulps that are far below a second one).
     */
    static double sigmoid(double s, double ex) {
        return ex / 4 + 2 * U * (Math.abs(s) + ex / 4);
    }

    /** {@code fl(tanh(x̂))} against {@code t = tanh(x)}: tanh is 1-Lipschitz; two roundings as for sigmoid. */
    static double tanh(double t, double ex) {
        return ex + 2 * U * (Math.abs(t) + ex);
    }
}
