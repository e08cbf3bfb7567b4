package dev.jlstm.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects element-wise comparisons {@code |got - expected| <= bound} and fails once at the end,
 * listing the first few violations, so a wrong kernel reports where it is wrong rather than only
 * the first element.
 */
final class Mismatches {
    private static final int SHOWN = 8;

    private final String what;
    private final List<String> shown = new ArrayList<>();
    private long checked;
    private long failed;
    private double worst;

    Mismatches(String what) {
        this.what = what;
    }

    /** Records a violation when {@code |got - expected| > bound} or {@code got} is not a number. */
    void check(double got, double expected, double bound, Supplier<String> where) {
        checked++;
        double diff = Math.abs(got - expected);
        if (bound > 0) {
            worst = Math.max(worst, diff / bound);
        }
        if (!(diff <= bound)) {
            failed++;
            if (shown.size() < SHOWN) {
                shown.add(where.get() + ": got " + got + ", expected " + expected + ", |diff| " + diff
                        + " > bound " + bound);
            }
        }
    }

    /** Records a violation unless the two floats are bit-identical. */
    void same(float got, float expected, Supplier<String> where) {
        checked++;
        if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(expected)) {
            failed++;
            if (shown.size() < SHOWN) {
                shown.add(where.get() + ": got " + got + ", expected exactly " + expected);
            }
        }
    }

    /** Fails if any comparison failed; also fails if nothing was compared (a vacuous test). */
    void assertNone() {
        assertTrue(checked > 0, what + ": nothing was compared");
        // The margin, for the test report (target/surefire-reports/*-output.txt).
        System.out.printf("%s: %d elements, worst |diff| / bound = %.3g%n", what, checked, worst);
        if (failed > 0) {
            fail(what + ": " + failed + " of " + checked + " elements out of bounds:\n  "
                    + String.join("\n  ", shown));
        }
    }
}
