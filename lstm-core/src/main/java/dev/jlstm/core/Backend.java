package dev.jlstm.core;

import dev.jlstm.core.internal.Checks;

/**
 * The kernels an LSTM needs, on flat row-major {@code float[]} arrays.
 *
 * <p>A matrix argument is an array, an offset and a leading dimension: element {@code (r, c)} of
 * {@code a} is {@code a[aOff + r*lda + c]}. A "{@code [m x n]}" argument without a leading dimension
 * is contiguous ({@code ld = n}). Products accumulate ({@code C += ...}); fill or zero {@code C}
 * first. Unless a method says otherwise, outputs must not overlap inputs; the checks reject the
 * likely mistakes (the product's output overlapping its operands, a step's new state overlapping
 * the state it reads, partial overlap in the elementwise calls), not every overlap.
 *
 * <p>Get one from {@link Backends#get()}. Every public method checks its arguments (sizes, offsets,
 * leading dimensions, array lengths) and throws {@link IllegalArgumentException} naming the argument,
 * then calls the backend's kernel. A backend is stateless and safe to use from any number of threads;
 * each call runs on the calling thread. For the same inputs a backend always returns bit-identical
 * results; two backends agree within float rounding.
 *
 * <p>Implementations extend this class and are found through {@link dev.jlstm.core.spi.BackendProvider}.
 */
public abstract class Backend {

    /** For implementations. */
    protected Backend() {}

    /** Short name, the value of the {@code jlstm.backend} property that selects it ("scalar", "vector"). */
    public abstract String name();

    /** Width in bits of the registers the kernels compute with: the SIMD width, or 32 for one float. */
    public abstract int vectorBits();

    // ------------------------------------------------------------------------------------------
    // Matrix products
    // ------------------------------------------------------------------------------------------

    /**
     * {@code C[m x n] += op(A)[m x k] · op(B)[k x n]}, where {@code op(X)} is {@code X} or its transpose.
     *
     * @param transA {@code false}: {@code a} holds {@code A [m x k]}; {@code true}: it holds {@code Aᵀ [k x m]}
     * @param transB {@code false}: {@code b} holds {@code B [k x n]}; {@code true}: it holds {@code Bᵀ [n x k]}
     */
    public final void gemm(boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc) {
        String op = "gemm";
        dims(op, m, n, k);
        Checks.matrix(op, "a", a, aOff, transA ? k : m, transA ? m : k, lda);
        Checks.matrix(op, "b", b, bOff, transB ? n : k, transB ? k : n, ldb);
        Checks.matrix(op, "c", c, cOff, m, n, ldc);
        Checks.disjoint(op, "c", c, cOff, span(m, n, ldc), "a", a, aOff, transA ? span(k, m, lda) : span(m, k, lda));
        Checks.disjoint(op, "c", c, cOff, span(m, n, ldc), "b", b, bOff, transB ? span(n, k, ldb) : span(k, n, ldb));
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        gemmKernel(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * Packs {@code B [k x n]} for repeated use as the right operand of
     * {@link #gemm(boolean, int, float[], int, int, PackedMatrix, float[], int, int)}.
     *
     * @param transB {@code false}: {@code b} holds {@code B [k x n]}; {@code true}: it holds
     *               {@code Bᵀ [n x k]}, e.g. a PyTorch weight {@code W [out x in]} for {@code y = x·Wᵀ}
     *               (so a PyTorch weight is packed with {@code transB = true}, {@code k = in}, {@code n = out})
     */
    public final PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        String op = "pack";
        Checks.nonNegative(op, "k", k);
        Checks.nonNegative(op, "n", n);
        Checks.matrix(op, "b", b, bOff, transB ? n : k, transB ? k : n, ldb);
        return packKernel(transB, k, n, b, bOff, ldb);
    }

    /** {@code C[m x n] += op(A)[m x k] · B[k x n]} with {@code B} packed by {@link #pack}. */
    public final void gemm(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                           float[] c, int cOff, int ldc) {
        String op = "gemm";
        packed(op, b, 0);
        int n = b.n();
        int k = b.k();
        Checks.nonNegative(op, "m", m);
        Checks.matrix(op, "a", a, aOff, transA ? k : m, transA ? m : k, lda);
        Checks.matrix(op, "c", c, cOff, m, n, ldc);
        Checks.disjoint(op, "c", c, cOff, span(m, n, ldc), "a", a, aOff, transA ? span(k, m, lda) : span(m, k, lda));
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        gemmPackedKernel(transA, m, a, aOff, lda, b, c, cOff, ldc);
    }

    // ------------------------------------------------------------------------------------------
    // Fused recurrent cells
    // ------------------------------------------------------------------------------------------

    /**
     * Packs a gate weight matrix {@code W [gates*hidden x k]} in PyTorch's layout (the gate blocks
     * stacked, LSTM order i, f, g, o; GRU order r, z, n) for the fused steps, which compute
     * {@code in · Wᵀ}. For streaming, {@code W} can be {@code [W_ih | W_hh]} with
     * {@code k = input + hidden} and the step's input the concatenation {@code [x, h]}.
     *
     * @param gates 4 for {@link #lstmStep}, 3 for {@link #gruStep}
     */
    public final PackedMatrix packGates(int gates, int hidden, int k, float[] w, int wOff, int ldw) {
        String op = "packGates";
        if (gates != 3 && gates != 4) {
            throw new IllegalArgumentException(op + ": gates must be 4 (LSTM) or 3 (GRU), found " + gates);
        }
        Checks.positive(op, "hidden", hidden);
        Checks.nonNegative(op, "k", k);
        Checks.matrix(op, "w", w, wOff, gates * hidden, k, ldw);
        return packGatesKernel(gates, hidden, k, w, wOff, ldw);
    }

    /**
     * One LSTM time step for {@code batch} rows, in one pass over the weights:
     * <pre>
     *   [i f g o] = pre + in · Wᵀ                     (W packed by packGates(4, H, K, ...))
     *   i, f, o = sigmoid(.),  g = tanh(.)
     *   c = f * cPrev + i * g,  h = o * tanh(c)
     * </pre>
     *
     * @param in    {@code [batch x K]} (leading dimension {@code ldIn}): usually {@code h_{t-1}}
     * @param pre   {@code [batch x 4H]} (leading dimension {@code ldPre}) added to the gate
     *              pre-activations: the input projection plus biases. {@code ldPre = 0} adds the same row
     *              to every batch row (a bias vector); {@code null} adds nothing
     * @param cPrev {@code [batch x H]} previous cell state
     * @param c     {@code [batch x H]} new cell state; may be {@code cPrev} itself (same offset)
     * @param h     {@code [batch x H]} (leading dimension {@code ldh}) new hidden state; must not overlap
     *              {@code in} (when streaming on {@code [x, h]} rows, copy {@code h} into them after the step)
     * @param gates {@code [batch x 4H]} receives the activated gates i, f, g, o for
     *              {@link #lstmStepBackward}; {@code null} when not training
     */
    public final void lstmStep(int batch, PackedMatrix w, float[] in, int inOff, int ldIn,
                               float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                               float[] c, int cOff, float[] h, int hOff, int ldh,
                               float[] gates, int gatesOff) {
        packed("lstmStep", w, 4);
        lstmStepUnits(0, w.hidden(), batch, w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff,
                h, hOff, ldh, gates, gatesOff);
    }

    /**
     * {@link #lstmStep} for hidden units {@code [unitFrom, unitTo)} only: it reads the same inputs and
     * writes {@code c}, {@code h} and the four gates of those units alone, so that several threads can
     * share one step by taking disjoint ranges. A unit's results do not depend on the range it is
     * computed in. Ranges that start at a multiple of 64 units split the work most evenly.
     */
    public final void lstmStepUnits(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] in, int inOff,
                                    int ldIn, float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                                    float[] c, int cOff, float[] h, int hOff, int ldh,
                                    float[] gates, int gatesOff) {
        String op = "lstmStep";
        packed(op, w, 4);
        int hid = w.hidden();
        int k = w.k();
        units(op, unitFrom, unitTo, hid);
        Checks.nonNegative(op, "batch", batch);
        Checks.matrix(op, "in", in, inOff, batch, k, ldIn);
        if (pre != null) {
            Checks.matrix(op, "pre", pre, preOff, ldPre == 0 ? 1 : batch, 4 * hid, ldPre);
        }
        Checks.matrix(op, "cPrev", cPrev, cPrevOff, batch, hid, hid);
        Checks.matrix(op, "c", c, cOff, batch, hid, hid);
        Checks.matrix(op, "h", h, hOff, batch, hid, ldh);
        if (gates != null) {
            Checks.matrix(op, "gates", gates, gatesOff, batch, 4 * hid, 4 * hid);
        }
        if (c == cPrev && cOff != cPrevOff) {
            Checks.disjoint(op, "c", c, cOff, (long) batch * hid, "cPrev", cPrev, cPrevOff, (long) batch * hid);
        }
        Checks.disjoint(op, "h", h, hOff, span(batch, hid, ldh), "in", in, inOff, span(batch, k, ldIn));
        if (batch == 0 || unitFrom == unitTo) {
            return;
        }
        lstmStepKernel(unitFrom, unitTo, batch, w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff,
                h, hOff, ldh, gates, gatesOff);
    }

    /**
     * Backward through the nonlinearities and the cell update of one LSTM step (no matrix products:
     * the caller multiplies {@code dGates} by the weights).
     *
     * @param gates  {@code [batch x 4H]} activated gates i, f, g, o saved by {@link #lstmStep}
     * @param cPrev  {@code [batch x H]} cell state before the step
     * @param c      {@code [batch x H]} cell state after the step
     * @param dh     {@code [batch x H]} (leading dimension {@code lddh}) gradient of the loss with
     *               respect to the step's {@code h}
     * @param dc     {@code [batch x H]} on entry the gradient with respect to the step's {@code c} (from
     *               later steps; zeros at the last step); on return the gradient with respect to {@code cPrev}
     * @param dGates {@code [batch x 4H]} receives the gradient with respect to the gate
     *               pre-activations, in the order i, f, g, o
     */
    public final void lstmStepBackward(int batch, int hidden, float[] gates, int gatesOff,
                                       float[] cPrev, int cPrevOff, float[] c, int cOff,
                                       float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                                       float[] dGates, int dGatesOff) {
        String op = "lstmStepBackward";
        Checks.nonNegative(op, "batch", batch);
        Checks.positive(op, "hidden", hidden);
        Checks.matrix(op, "gates", gates, gatesOff, batch, 4 * hidden, 4 * hidden);
        Checks.matrix(op, "cPrev", cPrev, cPrevOff, batch, hidden, hidden);
        Checks.matrix(op, "c", c, cOff, batch, hidden, hidden);
        Checks.matrix(op, "dh", dh, dhOff, batch, hidden, lddh);
        Checks.matrix(op, "dc", dc, dcOff, batch, hidden, hidden);
        Checks.matrix(op, "dGates", dGates, dGatesOff, batch, 4 * hidden, 4 * hidden);
        if (batch == 0) {
            return;
        }
        lstmStepBackwardKernel(batch, hidden, gates, gatesOff, cPrev, cPrevOff, c, cOff, dh, dhOff, lddh,
                dc, dcOff, dGates, dGatesOff);
    }

    /**
     * One GRU time step for {@code batch} rows with PyTorch's equations, in one pass over the
     * recurrent weights:
     * <pre>
     *   [ar az an] = hPrev · W_hhᵀ + b_hh            (W_hh packed by packGates(3, H, H, ...))
     *   r = sigmoid(pre_r + ar),  z = sigmoid(pre_z + az),  n = tanh(pre_n + r * an)
     *   h = (1 - z) * n + z * hPrev
     * </pre>
     *
     * @param hPrev {@code [batch x H]} (leading dimension {@code ldhPrev}) previous hidden state
     * @param pre   {@code [batch x 3H]} (leading dimension {@code ldPre}) the input projection
     *              {@code x·W_ihᵀ + b_ih}; {@code ldPre = 0} adds one row to every batch row;
     *              {@code null} adds nothing
     * @param bias  {@code [3H]} the recurrent bias {@code b_hh}, or {@code null}
     * @param h     {@code [batch x H]} (leading dimension {@code ldh}) new hidden state; must not
     *              overlap {@code hPrev}
     * @param gates {@code [batch x 4H]} receives r, z, n and {@code an} for {@link #gruStepBackward};
     *              {@code null} when not training
     */
    public final void gruStep(int batch, PackedMatrix w, float[] hPrev, int hPrevOff, int ldhPrev,
                              float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                              float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        packed("gruStep", w, 3);
        gruStepUnits(0, w.hidden(), batch, w, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
                h, hOff, ldh, gates, gatesOff);
    }

    /**
     * {@link #gruStep} for hidden units {@code [unitFrom, unitTo)} only; see {@link #lstmStepUnits}.
     */
    public final void gruStepUnits(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] hPrev, int hPrevOff,
                                   int ldhPrev, float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                                   float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        String op = "gruStep";
        packed(op, w, 3);
        int hid = w.hidden();
        if (w.k() != hid) {
            throw new IllegalArgumentException(op + ": w must be the recurrent weight [3H x H] with H = "
                    + hid + ", found k = " + w.k());
        }
        units(op, unitFrom, unitTo, hid);
        Checks.nonNegative(op, "batch", batch);
        Checks.matrix(op, "hPrev", hPrev, hPrevOff, batch, hid, ldhPrev);
        if (pre != null) {
            Checks.matrix(op, "pre", pre, preOff, ldPre == 0 ? 1 : batch, 3 * hid, ldPre);
        }
        if (bias != null) {
            Checks.vector(op, "bias", bias, biasOff, 3 * hid);
        }
        Checks.matrix(op, "h", h, hOff, batch, hid, ldh);
        if (gates != null) {
            Checks.matrix(op, "gates", gates, gatesOff, batch, 4 * hid, 4 * hid);
        }
        Checks.disjoint(op, "h", h, hOff, span(batch, hid, ldh), "hPrev", hPrev, hPrevOff, span(batch, hid, ldhPrev));
        if (batch == 0 || unitFrom == unitTo) {
            return;
        }
        gruStepKernel(unitFrom, unitTo, batch, w, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
                h, hOff, ldh, gates, gatesOff);
    }

    /**
     * Backward through the nonlinearities of one GRU step (no matrix products).
     *
     * @param gates  {@code [batch x 4H]} r, z, n, an saved by {@link #gruStep}
     * @param hPrev  {@code [batch x H]} (leading dimension {@code ldhPrev}) hidden state before the step
     * @param dh     {@code [batch x H]} (leading dimension {@code lddh}) gradient with respect to the
     *               step's {@code h}
     * @param dPre   {@code [batch x 3H]} receives the gradient with respect to {@code pre} (input side
     *               pre-activations r, z, n; also the gradient of {@code b_ih})
     * @param dRec   {@code [batch x 3H]} receives the gradient with respect to {@code hPrev·W_hhᵀ + b_hh}
     * @param dhPrev {@code [batch x H]} receives the direct part {@code z * dh} of the gradient with
     *               respect to {@code hPrev}; the caller adds {@code dRec · W_hh}
     */
    public final void gruStepBackward(int batch, int hidden, float[] gates, int gatesOff,
                                      float[] hPrev, int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh,
                                      float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                                      float[] dhPrev, int dhPrevOff) {
        String op = "gruStepBackward";
        Checks.nonNegative(op, "batch", batch);
        Checks.positive(op, "hidden", hidden);
        Checks.matrix(op, "gates", gates, gatesOff, batch, 4 * hidden, 4 * hidden);
        Checks.matrix(op, "hPrev", hPrev, hPrevOff, batch, hidden, ldhPrev);
        Checks.matrix(op, "dh", dh, dhOff, batch, hidden, lddh);
        Checks.matrix(op, "dPre", dPre, dPreOff, batch, 3 * hidden, 3 * hidden);
        Checks.matrix(op, "dRec", dRec, dRecOff, batch, 3 * hidden, 3 * hidden);
        Checks.matrix(op, "dhPrev", dhPrev, dhPrevOff, batch, hidden, hidden);
        if (batch == 0) {
            return;
        }
        gruStepBackwardKernel(batch, hidden, gates, gatesOff, hPrev, hPrevOff, ldhPrev, dh, dhOff, lddh,
                dPre, dPreOff, dRec, dRecOff, dhPrev, dhPrevOff);
    }

    // ------------------------------------------------------------------------------------------
    // Vector and row operations
    // ------------------------------------------------------------------------------------------

    /** {@code y[0..n) += alpha * x[0..n)}. */
    public final void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Checks.nonNegative("axpy", "n", n);
        Checks.vector("axpy", "x", x, xOff, n);
        Checks.vector("axpy", "y", y, yOff, n);
        if (n > 0) {
            axpyKernel(n, alpha, x, xOff, y, yOff);
        }
    }

    /** {@code x[0..n) *= alpha}. */
    public final void scale(int n, float alpha, float[] x, int xOff) {
        Checks.nonNegative("scale", "n", n);
        Checks.vector("scale", "x", x, xOff, n);
        if (n > 0) {
            scaleKernel(n, alpha, x, xOff);
        }
    }

    /** The dot product of {@code x[0..n)} and {@code y[0..n)}. */
    public final float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.nonNegative("dot", "n", n);
        Checks.vector("dot", "x", x, xOff, n);
        Checks.vector("dot", "y", y, yOff, n);
        return n == 0 ? 0f : dotKernel(n, x, xOff, y, yOff);
    }

    /** The sum of squares of {@code x[0..n)}, e.g. for a global gradient norm. */
    public final float sumOfSquares(int n, float[] x, int xOff) {
        Checks.nonNegative("sumOfSquares", "n", n);
        Checks.vector("sumOfSquares", "x", x, xOff, n);
        return n == 0 ? 0f : dotKernel(n, x, xOff, x, xOff);
    }

    /** Sets each of the {@code m} rows of {@code C [m x n]} to {@code row[0..n)} (e.g. a bias). */
    public final void fillRows(int m, int n, float[] row, int rowOff, float[] c, int cOff, int ldc) {
        Checks.nonNegative("fillRows", "m", m);
        Checks.nonNegative("fillRows", "n", n);
        Checks.vector("fillRows", "row", row, rowOff, n);
        Checks.matrix("fillRows", "c", c, cOff, m, n, ldc);
        for (int i = 0; i < m && n > 0; i++) {
            System.arraycopy(row, rowOff, c, cOff + i * ldc, n);
        }
    }

    /** {@code out[j] += sum over i of A[i][j]} for {@code A [m x n]}: e.g. a bias gradient. */
    public final void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        Checks.nonNegative("sumRows", "m", m);
        Checks.nonNegative("sumRows", "n", n);
        Checks.matrix("sumRows", "a", a, aOff, m, n, lda);
        Checks.vector("sumRows", "out", out, outOff, n);
        for (int i = 0; i < m && n > 0; i++) {
            axpyKernel(n, 1f, a, aOff + i * lda, out, outOff);
        }
    }

    /** {@code y = sigmoid(x) = 1 / (1 + exp(-x))} elementwise over {@code n} values; {@code y} may be {@code x}. */
    public final void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        elementwise("sigmoid", n, x, xOff, y, yOff);
        if (n > 0) {
            sigmoidKernel(n, x, xOff, y, yOff);
        }
    }

    /** {@code y = tanh(x)} elementwise over {@code n} values; {@code y} may be {@code x}. */
    public final void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        elementwise("tanh", n, x, xOff, y, yOff);
        if (n > 0) {
            tanhKernel(n, x, xOff, y, yOff);
        }
    }

    /**
     * Row-wise log-softmax of {@code X [m x n]} into {@code Y [m x n]}: {@code y = x - max - log(sum(exp(x - max)))}.
     * {@code Y} may be {@code X} (same offset and leading dimension).
     */
    public final void logSoftmax(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        rows("logSoftmax", m, n, x, xOff, ldx, y, yOff, ldy);
        if (m > 0 && n > 0) {
            softmaxKernel(true, m, n, x, xOff, ldx, y, yOff, ldy);
        }
    }

    /** Row-wise softmax of {@code X [m x n]} into {@code Y [m x n]}; {@code Y} may be {@code X}. */
    public final void softmax(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        rows("softmax", m, n, x, xOff, ldx, y, yOff, ldy);
        if (m > 0 && n > 0) {
            softmaxKernel(false, m, n, x, xOff, ldx, y, yOff, ldy);
        }
    }

    @Override
    public String toString() {
        return name() + " backend (" + vectorBits() + "-bit)";
    }

    // ------------------------------------------------------------------------------------------
    // Kernels: called with checked arguments and non-empty sizes
    // ------------------------------------------------------------------------------------------

    /** See {@link #gemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int)}. */
    protected abstract void gemmKernel(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float[] c, int cOff, int ldc);

    /** See {@link #pack}; {@code k} or {@code n} may be 0. */
    protected abstract PackedMatrix packKernel(boolean transB, int k, int n, float[] b, int bOff, int ldb);

    /** See {@link #gemm(boolean, int, float[], int, int, PackedMatrix, float[], int, int)}; {@code b} is this backend's. */
    protected abstract void gemmPackedKernel(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                                             float[] c, int cOff, int ldc);

    /** See {@link #packGates}; {@code k} may be 0 (then {@code w} may be null). */
    protected abstract PackedMatrix packGatesKernel(int gates, int hidden, int k, float[] w, int wOff, int ldw);

    /** See {@link #lstmStepUnits}; {@code w} is this backend's, with 4 gates; the range is not empty. */
    protected abstract void lstmStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] in, int inOff, int ldIn,
                                           float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                                           float[] c, int cOff, float[] h, int hOff, int ldh,
                                           float[] gates, int gatesOff);

    /** See {@link #lstmStepBackward}. */
    protected abstract void lstmStepBackwardKernel(int batch, int hidden, float[] gates, int gatesOff,
                                                   float[] cPrev, int cPrevOff, float[] c, int cOff,
                                                   float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                                                   float[] dGates, int dGatesOff);

    /** See {@link #gruStepUnits}; {@code w} is this backend's, with 3 gates; the range is not empty. */
    protected abstract void gruStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] hPrev, int hPrevOff, int ldhPrev,
                                          float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                                          float[] h, int hOff, int ldh, float[] gates, int gatesOff);

    /** See {@link #gruStepBackward}. */
    protected abstract void gruStepBackwardKernel(int batch, int hidden, float[] gates, int gatesOff,
                                                  float[] hPrev, int hPrevOff, int ldhPrev,
                                                  float[] dh, int dhOff, int lddh,
                                                  float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                                                  float[] dhPrev, int dhPrevOff);

    /** See {@link #axpy}. */
    protected abstract void axpyKernel(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** See {@link #scale}. */
    protected abstract void scaleKernel(int n, float alpha, float[] x, int xOff);

    /** See {@link #dot}. */
    protected abstract float dotKernel(int n, float[] x, int xOff, float[] y, int yOff);

    /** See {@link #sigmoid}. */
    protected abstract void sigmoidKernel(int n, float[] x, int xOff, float[] y, int yOff);

    /** See {@link #tanh}. */
    protected abstract void tanhKernel(int n, float[] x, int xOff, float[] y, int yOff);

    /** See {@link #softmax} and {@link #logSoftmax}. */
    protected abstract void softmaxKernel(boolean log, int m, int n, float[] x, int xOff, int ldx,
                                          float[] y, int yOff, int ldy);

    // ------------------------------------------------------------------------------------------

    private void packed(String op, PackedMatrix p, int gates) {
        if (p == null) {
            throw new IllegalArgumentException(op + ": the packed matrix is null");
        }
        if (p.backend() != this) {
            throw new IllegalArgumentException(op + ": " + p + " was packed by another backend; pack it with " + this);
        }
        if (p.gates() != gates) {
            throw new IllegalArgumentException(op + ": expected " + (gates == 0 ? "a product operand from pack()"
                    : "a " + gates + "-gate operand from packGates(" + gates + ", ...)") + ", found " + p);
        }
    }

    private static void units(String op, int from, int to, int hidden) {
        if (from < 0 || from > to || to > hidden) {
            throw new IllegalArgumentException(op + ": the unit range [" + from + ", " + to + ") must lie within [0, "
                    + hidden + ")");
        }
    }

    private static void dims(String op, int m, int n, int k) {
        Checks.nonNegative(op, "m", m);
        Checks.nonNegative(op, "n", n);
        Checks.nonNegative(op, "k", k);
    }

    private static long span(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    private static void elementwise(String op, int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.nonNegative(op, "n", n);
        Checks.vector(op, "x", x, xOff, n);
        Checks.vector(op, "y", y, yOff, n);
        if (x == y && xOff != yOff) {
            Checks.disjoint(op, "y", y, yOff, n, "x", x, xOff, n);
        }
    }

    private static void rows(String op, int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        Checks.nonNegative(op, "m", m);
        Checks.nonNegative(op, "n", n);
        Checks.matrix(op, "x", x, xOff, m, n, ldx);
        Checks.matrix(op, "y", y, yOff, m, n, ldy);
        if (x == y && (xOff != yOff || ldx != ldy)) {
            Checks.disjoint(op, "y", y, yOff, span(m, n, ldy), "x", x, xOff, span(m, n, ldx));
        }
    }
}
