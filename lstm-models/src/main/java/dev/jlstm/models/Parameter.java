package dev.jlstm.models;

import java.util.Arrays;

/**
 * A named weight tensor and its gradient, as in PyTorch's {@code named_parameters()}: the name
 * (e.g. {@code weight_ih_l0_reverse}), the shape, the values and a gradient of the same size that
 * backward passes add to. Both arrays are live: optimizers update {@link #value()} in place.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private int version;

    /** A zero parameter of the given shape. */
    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Parameter " + name + ": negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Parameter " + name + ": " + Arrays.toString(shape) + " is too large");
        }
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
    }

    /** PyTorch's name of this parameter. */
    public String name() {
        return name;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return value.length;
    }

    /** The values, row-major; live. */
    public float[] value() {
        return value;
    }

    /** The accumulated gradient, row-major; live. */
    public float[] grad() {
        return grad;
    }

    /**
     * How many times the values were changed through {@link #markUpdated()}: models repack their
     * weights for the kernels when it moves.
     */
    public int version() {
        return version;
    }

    /**
     * Records that {@link #value()} was changed (optimizers call this after each step; call it after
     * writing the values yourself), so that the model repacks it before its next use.
     */
    public void markUpdated() {
        version++;
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
