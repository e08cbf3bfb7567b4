package dev.jlstm.simd.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.PackedMatrix;

/**
 * The {@link Backend} on {@code jdk.incubator.vector}, at the JVM's preferred vector width.
 * Created only through {@link VectorBackendProvider}, after it has checked that the Vector API can run well here.
 */
public final class VectorBackend extends Backend {

    /** Below this many rows, packing B costs more than it saves. */
    private static final int PACK_MIN_ROWS = 2 * Gemm.MR;

    VectorBackend() {}

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int vectorBits() {
        return VectorMath.S.vectorBitSize();
    }

    @Override
    protected void gemmKernel(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        if (m < PACK_MIN_ROWS) {
            Gemm.gemmSmall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            Gemm.gemm(transA, m, n, k, a, aOff, lda, Gemm.pack(transB, k, n, b, bOff, ldb), c, cOff, ldc);
        }
    }

    @Override
    protected PackedMatrix packKernel(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return new Packed(this, k, n, 0, Gemm.pack(transB, k, n, b, bOff, ldb));
    }

    @Override
    protected void gemmPackedKernel(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                                    float[] c, int cOff, int ldc) {
        Gemm.gemm(transA, m, b.n(), b.k(), a, aOff, lda, ((Packed) b).data, c, cOff, ldc);
    }

    @Override
    protected PackedMatrix packGatesKernel(int gates, int hidden, int k, float[] w, int wOff, int ldw) {
        return new Packed(this, k, gates * hidden, gates, GateLayout.pack(gates, hidden, k, w, wOff, ldw));
    }

    @Override
    protected void lstmStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] in, int inOff,
                                  int ldIn, float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                                  float[] c, int cOff, float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        LstmKernels.step(unitFrom, unitTo, batch, (Packed) w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff,
                h, hOff, ldh, gates, gatesOff);
    }

    @Override
    protected void lstmStepBackwardKernel(int batch, int hidden, float[] gates, int gatesOff,
                                          float[] cPrev, int cPrevOff, float[] c, int cOff,
                                          float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                                          float[] dGates, int dGatesOff) {
        LstmKernels.stepBackward(batch, hidden, gates, gatesOff, cPrev, cPrevOff, c, cOff, dh, dhOff, lddh,
                dc, dcOff, dGates, dGatesOff);
    }

    @Override
    protected void gruStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix w, float[] hPrev, int hPrevOff,
                                 int ldhPrev, float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                                 float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        GruKernels.step(unitFrom, unitTo, batch, (Packed) w, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
                h, hOff, ldh, gates, gatesOff);
    }

    @Override
    protected void gruStepBackwardKernel(int batch, int hidden, float[] gates, int gatesOff,
                                         float[] hPrev, int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh,
                                         float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                                         float[] dhPrev, int dhPrevOff) {
        GruKernels.stepBackward(batch, hidden, gates, gatesOff, hPrev, hPrevOff, ldhPrev, dh, dhOff, lddh,
                dPre, dPreOff, dRec, dRecOff, dhPrev, dhPrevOff);
    }

    @Override
    protected void axpyKernel(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        VectorOps.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    protected void scaleKernel(int n, float alpha, float[] x, int xOff) {
        VectorOps.scale(n, alpha, x, xOff);
    }

    @Override
    protected float dotKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        return VectorOps.dot(n, x, xOff, y, yOff);
    }

    @Override
    protected void sigmoidKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.sigmoid(x, xOff, y, yOff, n);
    }

    @Override
    protected void tanhKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.tanh(x, xOff, y, yOff, n);
    }

    @Override
    protected void softmaxKernel(boolean log, int m, int n, float[] x, int xOff, int ldx,
                                 float[] y, int yOff, int ldy) {
        VectorOps.softmax(log, m, n, x, xOff, ldx, y, yOff, ldy);
    }
}
