package dev.jlstm.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 array with a shape, in row-major (C) order: the element at index {@code (i0, i1, ..., ik)}
 * of a tensor of shape {@code [d0, d1, ..., dk]} is {@code data()[((i0*d1 + i1)*d2 + ...)*dk + ik]}.
 *
 * <p>This is the unit that {@link Npy} and {@link Safetensors} read and write. A rank-0 tensor (shape
 * {@code []}) is a scalar holding one element; a shape with a zero dimension holds none.
 *
 * <p>The shape is immutable. The data is not copied: the constructor takes the array it is given and
 * {@link #data()} returns that same live array, so that multi-gigabyte weights are never held twice.
 * Whoever writes into it changes the tensor (and its {@link #hashCode()}); everything else about a
 * tensor is fixed.
 */
public final class Tensor {

    private final int[] shape;
    private final float[] data;

    /**
     * A tensor over {@code data}, which it takes without copying.
     *
     * @param shape the dimensions, each {@code >= 0}; copied
     * @param data  exactly as many elements as the shape says (the product of the dimensions, 1 for
     *              shape {@code []})
     * @throws NullPointerException     if either argument is null
     * @throws IllegalArgumentException if a dimension is negative, or if {@code data.length} is not
     *                                  the product of the dimensions
     */
    public Tensor(int[] shape, float[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        this.shape = shape.clone();
        long count = elementCount(this.shape);
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(this.shape) + " holds " + count
                    + " elements, found a data array of " + data.length);
        }
        this.data = data;
    }

    /**
     * A tensor of the given shape filled with zeros.
     *
     * @throws IllegalArgumentException if a dimension is negative or the shape holds more elements
     *                                  than a Java array can
     */
    public static Tensor zeros(int... shape) {
        Objects.requireNonNull(shape, "shape");
        long count = elementCount(shape);
        if (count > Shapes.MAX_ELEMENTS) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements, more than a Java array can hold (" + Shapes.MAX_ELEMENTS + ")");
        }
        return new Tensor(shape, new float[(int) count]);
    }

    /** The dimensions, a fresh copy: {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The size of dimension {@code axis}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= axis < rank()}
     */
    public int dim(int axis) {
        return shape[Objects.checkIndex(axis, shape.length)];
    }

    /** The number of dimensions: 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements, {@code data().length}. */
    public int size() {
        return data.length;
    }

    /** The elements in row-major order: the live array, not a copy (see the class comment). */
    public float[] data() {
        return data;
    }

    /**
     * True if {@code o} is a tensor of the same shape whose elements are equal in the sense of
     * {@link Arrays#equals(float[], float[])}: every NaN equals every NaN, and {@code 0.0f} differs
     * from {@code -0.0f}.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    /** A hash of the shape and the current elements, consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** The shape, e.g. {@code Tensor[shape=[2, 3]]}; never the data, which may be large. */
    @Override
    public String toString() {
        return "Tensor[shape=" + Arrays.toString(shape) + "]";
    }

    private static long elementCount(int[] shape) {
        long count = Shapes.elementCount(shape);
        if (count == Shapes.NEGATIVE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
        }
        if (count == Shapes.OVERFLOW) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than "
                    + Long.MAX_VALUE + " elements");
        }
        return count;
    }
}
