package dev.jlstm.core.internal;

/**
 * Argument checks shared by the public entry points. Each failure is an
 * {@link IllegalArgumentException} whose message names the operation, the argument, what was
 * expected and what was found.
 */
public final class Checks {
    private Checks() {}

    /** Requires {@code value >= 0}. */
    public static void nonNegative(String op, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be >= 0, found " + value);
        }
    }

    /** Requires {@code value > 0}. */
    public static void positive(String op, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be > 0, found " + value);
        }
    }

    /**
     * Requires that {@code array} holds a row-major {@code rows x cols} matrix whose element
     * {@code (r, c)} is at {@code off + r*ld + c}. Empty matrices need no array.
     */
    public static void matrix(String op, String name, float[] array, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (array == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null, expected a " + rows + " x " + cols + " matrix");
        }
        if (off < 0) {
            throw new IllegalArgumentException(op + ": " + name + " offset must be >= 0, found " + off);
        }
        if (ld < cols && rows > 1) {
            throw new IllegalArgumentException(op + ": " + name + " leading dimension must be >= " + cols
                    + " (its column count), found " + ld);
        }
        if (ld < 0) {
            throw new IllegalArgumentException(op + ": " + name + " leading dimension must be >= 0, found " + ld);
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > array.length) {
            throw new IllegalArgumentException(op + ": " + name + " [" + rows + " x " + cols + ", ld " + ld
                    + "] at offset " + off + " needs " + end + " elements, found an array of " + array.length);
        }
    }

    /** Requires that {@code array} holds {@code n} elements from {@code off}. */
    public static void vector(String op, String name, float[] array, int off, int n) {
        matrix(op, name, array, off, 1, n, n);
    }

    /** Requires that two regions of the same array do not overlap (different arrays never do). */
    public static void disjoint(String op, String nameA, float[] a, int aOff, long aLen,
                                String nameB, float[] b, int bOff, long bLen) {
        if (a != null && a == b && aLen > 0 && bLen > 0 && aOff < bOff + bLen && bOff < aOff + aLen) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB
                    + " must not overlap (same array, offsets " + aOff + " and " + bOff + ")");
        }
    }
}
