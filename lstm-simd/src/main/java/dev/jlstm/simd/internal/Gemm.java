package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Matrix products {@code C += op(A) · B} with {@code B} packed into column panels.
 *
 * <p>The structure is the classic one (Goto and van de Geijn): {@code B} is packed once into panels
 * of {@link #NR} columns stored row after row, so that the micro-kernel reads it with unit stride; a
 * block of {@link #KC} rows of one panel stays in L1 while the micro-kernel sweeps {@link #MC} rows
 * of {@code A}, and that block of {@code A} stays in L2 while the panels go by. {@code A} is not
 * packed: the micro-kernel broadcasts its elements from six row (or column) streams, which measured
 * as fast as packing it here and saves a copy per call.
 *
 * <p>The micro-kernel is {@code 6 x 2L} ({@code L} = lanes): 12 accumulators, 2 loads and 6
 * broadcasts per 12 FMAs. Measured on Zen 5 (AVX-512), with an L1-resident panel, the 6x2L, 4x3L and
 * 3x4L shapes all ran at 95% of the FMA peak on both JDK 17 and JDK 25 (see the issue notes); 6x2L
 * needs the fewest registers, so it also fits the 16 registers of AVX2.
 */
final class Gemm {
    private Gemm() {}

    static final int L = S.length();
    /** Rows of a micro-tile. */
    static final int MR = 6;
    /** Columns of a micro-tile, and the width of a packed panel. */
    static final int NR = 2 * L;
    /** Depth of a block: a KC x NR slice of a panel is 32 KiB at 512 bits, within L1. */
    static final int KC = 256;
    /** Rows of A per block: 96 x 256 floats = 96 KiB, well within L2. */
    static final int MC = 96;

    /** Floats in the packed form of a {@code [k x n]} matrix. */
    static int packedSize(int k, int n) {
        return Math.multiplyExact(Math.multiplyExact((n + NR - 1) / NR, k), NR);
    }

    /**
     * Packs {@code op(B) [k x n]} into panels: element {@code (p, j)} goes to
     * {@code (j / NR) * k * NR + p * NR + j % NR}; the last panel is padded with zeros.
     */
    static float[] pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] out = new float[packedSize(k, n)];
        for (int j0 = 0; j0 < n; j0 += NR) {
            int width = Math.min(NR, n - j0);
            int base = j0 * k;
            for (int p = 0; p < k; p++) {
                if (transB) {
                    for (int jj = 0; jj < width; jj++) {
                        out[base + p * NR + jj] = b[bOff + (j0 + jj) * ldb + p];
                    }
                } else {
                    System.arraycopy(b, bOff + p * ldb + j0, out, base + p * NR, width);
                }
            }
        }
        return out;
    }

    /**
     * {@code C[m x n] += op(A)[m x k] · B[k x n]}, {@code B} packed by {@link #pack}.
     * Element {@code (i, p)} of {@code op(A)} is {@code a[aOff + i*rs + p*cs]}.
     */
    static void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] bp, float[] c, int cOff, int ldc) {
        int rs = transA ? 1 : lda;
        int cs = transA ? lda : 1;
        float[] tile = Scratch.get(MR * NR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MC) {
                int mEnd = Math.min(m, ic + MC);
                for (int j0 = 0; j0 < n; j0 += NR) {
                    int cols = Math.min(NR, n - j0);
                    int bo = j0 * k + pc * NR;
                    for (int i = ic; i < mEnd; i += MR) {
                        int rows = Math.min(MR, mEnd - i);
                        int ao = aOff + i * rs + pc * cs;
                        if (rows == MR && cols == NR) {
                            micro(kc, a, ao, rs, cs, rows, bp, bo, c, cOff + i * ldc + j0, ldc);
                        } else {
                            // An edge tile: computed whole into a zeroed tile, then its real part added to C.
                            Arrays.fill(tile, 0, MR * NR, 0f);
                            micro(kc, a, ao, rs, cs, rows, bp, bo, tile, 0, NR);
                            addTile(tile, rows, cols, c, cOff + i * ldc + j0, ldc);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code D[6 x NR] += A[6 x kc] · P[kc x NR]} into {@code d} (C itself, or a tile). Rows past
     * {@code rows} repeat the last real row of A, so nothing outside A is read.
     *
     * <p>The stores are written out here rather than in a helper: C2 compiles this method with
     * every Vector API call inlined and intrinsified, close to its node budget, and a helper taking
     * vectors that missed inlining would box them (seen with {@code -XX:+PrintInlining}:
     * NodeCountInliningCutoff, and a product four times slower).
     */
    private static void micro(int kc, float[] a, int ao, int rs, int cs, int rows,
                              float[] bp, int bo, float[] d, int co, int ldc) {
        int o1 = Math.min(1, rows - 1) * rs;
        int o2 = Math.min(2, rows - 1) * rs;
        int o3 = Math.min(3, rows - 1) * rs;
        int o4 = Math.min(4, rows - 1) * rs;
        int o5 = Math.min(5, rows - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + o1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + o2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + o3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + o4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + o5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            ao += cs;
            bo += NR;
        }
        int o = co;
        c00.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c01.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c11.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c21.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c31.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
        o += ldc;
        c40.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c41.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
        o += ldc;
        c50.add(FloatVector.fromArray(S, d, o)).intoArray(d, o);
        c51.add(FloatVector.fromArray(S, d, o + L)).intoArray(d, o + L);
    }

    /** {@code C[rows x cols] += T[rows x cols]} from a tile whose rows are NR apart. */
    private static void addTile(float[] tile, int rows, int cols, float[] c, int co, int ldc) {
        for (int r = 0; r < rows; r++) {
            VectorOps.axpy(cols, 1f, tile, r * NR, c, co + r * ldc);
        }
    }

    /**
     * Products too small to repay packing: {@code C[m x n] += op(A) · op(B)} straight from the
     * arrays, a row of {@code C} at a time (axpy form for {@code B}, dot form for {@code Bᵀ}).
     */
    static void gemmSmall(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        int rs = transA ? 1 : lda;
        int cs = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            int aRow = aOff + i * rs;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += VectorOps.dot(k, a, aRow, cs, b, bOff + j * ldb);
                }
            } else {
                for (int p = 0; p < k; p++) {
                    VectorOps.axpy(n, a[aRow + p * cs], b, bOff + p * ldb, c, cRow);
                }
            }
        }
    }
}
