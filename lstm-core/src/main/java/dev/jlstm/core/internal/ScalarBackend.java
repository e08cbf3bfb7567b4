package dev.jlstm.core.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.PackedMatrix;

/**
 * The reference backend: plain loops that read like the equations, one float at a time.
 *
 * <p>Every other backend is tested against this one, so clarity wins over speed here. Products and
 * dot products sum in float in index order; the nonlinearities and softmax are computed in double
 * and rounded once, so they are within one rounding of the exact values.
 */
public final class ScalarBackend extends Backend {

    /**
     * Packed form: a contiguous copy. A product operand holds {@code B [k x n]}; a gate operand holds
     * {@code W [n x k]} as given, so that each gate pre-activation is one dot product.
     */
    static final class Packed extends PackedMatrix {
        final float[] rows;

        Packed(Backend owner, int k, int n, int gates, float[] rows) {
            super(owner, k, n, gates);
            this.rows = rows;
        }
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBits() {
        return Float.SIZE;
    }

    // ---- products ----------------------------------------------------------------------------

    @Override
    protected void gemmKernel(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda; // element (i, p) of op(A) is a[aOff + i*aRow + p*aCol]
        int aCol = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (transB) {
                // Rows of Bᵀ are contiguous: each C(i, j) is one dot product.
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + i * aRow + p * aCol] * b[bOff + j * ldb + p];
                    }
                    c[cRow + j] += s;
                }
            } else {
                // Rows of B are contiguous: add A(i, p) times row p of B to row i of C, p ascending.
                for (int p = 0; p < k; p++) {
                    float aip = a[aOff + i * aRow + p * aCol];
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    @Override
    protected PackedMatrix packKernel(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] rows = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                rows[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return new Packed(this, k, n, 0, rows);
    }

    @Override
    protected void gemmPackedKernel(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                                    float[] c, int cOff, int ldc) {
        Packed p = (Packed) b;
        gemmKernel(transA, false, m, p.n(), p.k(), a, aOff, lda, p.rows, 0, p.n(), c, cOff, ldc);
    }

    @Override
    protected PackedMatrix packGatesKernel(int gates, int hidden, int k, float[] w, int wOff, int ldw) {
        int n = gates * hidden;
        float[] rows = new float[n * k];
        for (int j = 0; j < n && k > 0; j++) {
            System.arraycopy(w, wOff + j * ldw, rows, j * k, k);
        }
        return new Packed(this, k, n, gates, rows);
    }

    /** Row {@code j} of {@code W} (output {@code j}) times the input row starting at {@code inRow}. */
    private static float dotRow(Packed w, int j, float[] in, int inRow) {
        int k = w.k();
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s += w.rows[j * k + p] * in[inRow + p];
        }
        return s;
    }

    private static float preact(float[] pre, int preOff, int ldPre, int row, int j) {
        return pre == null ? 0f : pre[preOff + row * ldPre + j];
    }

    // ---- LSTM --------------------------------------------------------------------------------

    @Override
    protected void lstmStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix packed, float[] in, int inOff,
                                  int ldIn, float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                                  float[] c, int cOff, float[] h, int hOff, int ldh,
                                  float[] gates, int gatesOff) {
        Packed w = (Packed) packed;
        int hid = w.hidden();
        for (int r = 0; r < batch; r++) {
            int inRow = inOff + r * ldIn;
            for (int u = unitFrom; u < unitTo; u++) {
                float i = sigmoid(preact(pre, preOff, ldPre, r, u) + dotRow(w, u, in, inRow));
                float f = sigmoid(preact(pre, preOff, ldPre, r, hid + u) + dotRow(w, hid + u, in, inRow));
                float g = tanh(preact(pre, preOff, ldPre, r, 2 * hid + u) + dotRow(w, 2 * hid + u, in, inRow));
                float o = sigmoid(preact(pre, preOff, ldPre, r, 3 * hid + u) + dotRow(w, 3 * hid + u, in, inRow));
                float cNew = f * cPrev[cPrevOff + r * hid + u] + i * g;
                c[cOff + r * hid + u] = cNew;
                h[hOff + r * ldh + u] = o * tanh(cNew);
                if (gates != null) {
                    int gr = gatesOff + r * 4 * hid + u;
                    gates[gr] = i;
                    gates[gr + hid] = f;
                    gates[gr + 2 * hid] = g;
                    gates[gr + 3 * hid] = o;
                }
            }
        }
    }

    @Override
    protected void lstmStepBackwardKernel(int batch, int hid, float[] gates, int gatesOff,
                                          float[] cPrev, int cPrevOff, float[] c, int cOff,
                                          float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                                          float[] dGates, int dGatesOff) {
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                int g0 = gatesOff + r * 4 * hid + u;
                float i = gates[g0];
                float f = gates[g0 + hid];
                float g = gates[g0 + 2 * hid];
                float o = gates[g0 + 3 * hid];
                float tc = tanh(c[cOff + r * hid + u]);
                float dhv = dh[dhOff + r * lddh + u];
                float dct = dc[dcOff + r * hid + u] + dhv * o * (1f - tc * tc);
                dc[dcOff + r * hid + u] = dct * f;
                int d0 = dGatesOff + r * 4 * hid + u;
                dGates[d0] = dct * g * i * (1f - i);
                dGates[d0 + hid] = dct * cPrev[cPrevOff + r * hid + u] * f * (1f - f);
                dGates[d0 + 2 * hid] = dct * i * (1f - g * g);
                dGates[d0 + 3 * hid] = dhv * tc * o * (1f - o);
            }
        }
    }

    // ---- GRU ---------------------------------------------------------------------------------

    @Override
    protected void gruStepKernel(int unitFrom, int unitTo, int batch, PackedMatrix packed, float[] hPrev,
                                 int hPrevOff, int ldhPrev, float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                                 float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        Packed w = (Packed) packed;
        int hid = w.hidden();
        for (int r = 0; r < batch; r++) {
            int hRow = hPrevOff + r * ldhPrev;
            for (int u = unitFrom; u < unitTo; u++) {
                float ar = dotRow(w, u, hPrev, hRow) + (bias == null ? 0f : bias[biasOff + u]);
                float az = dotRow(w, hid + u, hPrev, hRow) + (bias == null ? 0f : bias[biasOff + hid + u]);
                float an = dotRow(w, 2 * hid + u, hPrev, hRow) + (bias == null ? 0f : bias[biasOff + 2 * hid + u]);
                float rg = sigmoid(preact(pre, preOff, ldPre, r, u) + ar);
                float z = sigmoid(preact(pre, preOff, ldPre, r, hid + u) + az);
                float n = tanh(preact(pre, preOff, ldPre, r, 2 * hid + u) + rg * an);
                h[hOff + r * ldh + u] = (1f - z) * n + z * hPrev[hRow + u];
                if (gates != null) {
                    int g0 = gatesOff + r * 4 * hid + u;
                    gates[g0] = rg;
                    gates[g0 + hid] = z;
                    gates[g0 + 2 * hid] = n;
                    gates[g0 + 3 * hid] = an;
                }
            }
        }
    }

    @Override
    protected void gruStepBackwardKernel(int batch, int hid, float[] gates, int gatesOff,
                                         float[] hPrev, int hPrevOff, int ldhPrev, float[] dh, int dhOff, int lddh,
                                         float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                                         float[] dhPrev, int dhPrevOff) {
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                int g0 = gatesOff + r * 4 * hid + u;
                float rg = gates[g0];
                float z = gates[g0 + hid];
                float n = gates[g0 + 2 * hid];
                float an = gates[g0 + 3 * hid];
                float d = dh[dhOff + r * lddh + u];
                float hp = hPrev[hPrevOff + r * ldhPrev + u];
                float dN = d * (1f - z) * (1f - n * n);
                float dR = dN * an * rg * (1f - rg);
                float dZ = d * (hp - n) * z * (1f - z);
                int p0 = dPreOff + r * 3 * hid + u;
                dPre[p0] = dR;
                dPre[p0 + hid] = dZ;
                dPre[p0 + 2 * hid] = dN;
                int q0 = dRecOff + r * 3 * hid + u;
                dRec[q0] = dR;
                dRec[q0 + hid] = dZ;
                dRec[q0 + 2 * hid] = dN * rg;
                dhPrev[dhPrevOff + r * hid + u] = d * z;
            }
        }
    }

    // ---- vector ops --------------------------------------------------------------------------

    @Override
    protected void axpyKernel(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    protected void scaleKernel(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    protected float dotKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    protected void sigmoidKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    @Override
    protected void tanhKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = tanh(x[xOff + i]);
        }
    }

    @Override
    protected void softmaxKernel(boolean log, int m, int n, float[] x, int xOff, int ldx,
                                 float[] y, int yOff, int ldy) {
        for (int r = 0; r < m; r++) {
            int xr = xOff + r * ldx;
            int yr = yOff + r * ldy;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, x[xr + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp((double) x[xr + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < n; j++) {
                double shifted = (double) x[xr + j] - max;
                y[yr + j] = (float) (log ? shifted - logSum : Math.exp(shifted) / sum);
            }
        }
    }

    /** The logistic function, correctly rounded for all but a few arguments. */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }

    /** tanh, rounded once from double. */
    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
