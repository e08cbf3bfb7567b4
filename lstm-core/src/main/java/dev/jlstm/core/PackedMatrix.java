package dev.jlstm.core;

/**
 * A weight matrix repacked once by a {@link Backend} into the layout its kernels stream best.
 *
 * <p>It stands for the right-hand operand {@code B} of a product {@code C += A·B}, a {@code [k x n]}
 * matrix. Two kinds exist:
 * <ul>
 *   <li>a <em>product</em> operand from {@link Backend#pack}, used by
 *       {@link Backend#gemm(boolean, int, float[], int, int, PackedMatrix, float[], int, int)};</li>
 *   <li>a <em>gate</em> operand from {@link Backend#packGates}: the transpose of a recurrent weight
 *       {@code W [gates*H x k]} in PyTorch's layout, used by the fused LSTM and GRU steps.</li>
 * </ul>
 * The contents are opaque: a packed matrix is immutable, may be shared by any number of threads,
 * and can only be given back to the backend that made it. Repack after changing the source weights.
 */
public abstract class PackedMatrix {
    private final Backend backend;
    private final int k;
    private final int n;
    private final int gates;

    /**
     * For backends.
     *
     * @param backend the backend that made it and alone may read it
     * @param k       rows of {@code B} (the inner dimension of the product)
     * @param n       columns of {@code B}
     * @param gates   0 for a product operand; 4 (LSTM) or 3 (GRU) for a gate operand, whose
     *                {@code n} is {@code gates * hidden}
     */
    protected PackedMatrix(Backend backend, int k, int n, int gates) {
        this.backend = backend;
        this.k = k;
        this.n = n;
        this.gates = gates;
    }

    /** The backend that packed this matrix. */
    public final Backend backend() {
        return backend;
    }

    /** Rows of {@code B}: the inner dimension {@code k} of the product. */
    public final int k() {
        return k;
    }

    /** Columns of {@code B}: the number of outputs {@code n}; {@code gates * hidden} for a gate operand. */
    public final int n() {
        return n;
    }

    /** 0 for a product operand; 4 for LSTM gates (i, f, g, o); 3 for GRU gates (r, z, n). */
    public final int gates() {
        return gates;
    }

    /** Hidden units per gate, {@code n / gates}; for a product operand, {@code n}. */
    public final int hidden() {
        return gates == 0 ? n : n / gates;
    }

    @Override
    public String toString() {
        return (gates == 0 ? "PackedMatrix[product " : "PackedMatrix[" + gates + " gates ")
                + k + " x " + n + ", " + backend.name() + "]";
    }
}
