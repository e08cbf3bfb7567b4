package dev.jlstm.core.io;

import java.util.Arrays;

/** Element counts of shapes, shared by the tensor and the file readers. */
final class Shapes {

    /**
     * The most elements a tensor may have: the largest array length every JVM allocates (the same
     * bound as {@code ArrayList} and {@code ArraysSupport} use; some VMs reserve a few header words).
     */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** What {@link #elementCount} returns for a shape with a negative dimension. */
    static final long NEGATIVE = -1;

    /** What {@link #elementCount} returns when the product does not fit in a long. */
    static final long OVERFLOW = -2;

    private Shapes() {}

    /** The product of the dimensions (1 for {@code []}), or {@link #NEGATIVE} or {@link #OVERFLOW}. */
    static long elementCount(int[] shape) {
        return elementCount(Arrays.stream(shape).asLongStream().toArray());
    }

    /**
     * The product of the dimensions (1 for {@code []}), or {@link #NEGATIVE} or {@link #OVERFLOW}. A
     * zero dimension makes the count 0 however large the others are, so overflow is only reported for
     * shapes without one.
     */
    static long elementCount(long[] shape) {
        boolean hasZero = false;
        for (long d : shape) {
            if (d < 0) {
                return NEGATIVE;
            }
            hasZero |= d == 0;
        }
        if (hasZero) {
            return 0;
        }
        long count = 1;
        for (long d : shape) {
            if (count > Long.MAX_VALUE / d) {
                return OVERFLOW;
            }
            count *= d;
        }
        return count;
    }

    /** "24 bytes": the size of {@code count} float32 values, for a message. */
    static String byteCount(long count) {
        return count <= Long.MAX_VALUE / Float.BYTES ? count * Float.BYTES + " bytes" : "more than 2^63 bytes";
    }

    /** {@code [2, 3]}, the way both file formats' messages show a shape. */
    static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
