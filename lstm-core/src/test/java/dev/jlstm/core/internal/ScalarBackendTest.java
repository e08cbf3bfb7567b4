package dev.jlstm.core.internal;

import static dev.jlstm.core.internal.FloatError.U;
import static dev.jlstm.core.internal.TestArrays.assertUnchanged;
import static dev.jlstm.core.internal.TestArrays.assertUntouchedOutside;
import static dev.jlstm.core.internal.TestArrays.dyadic;
import static dev.jlstm.core.internal.TestArrays.matrix;
import static dev.jlstm.core.internal.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kernel of the scalar backend against a float64 reference written here from the equations
 * in {@link Backend}'s javadoc, with tolerances derived in {@link FloatError}; the backward kernels
 * against central finite differences of a float64 forward.
 */
class ScalarBackendTest {

    private static final Backend B = Backends.scalar();

    private static final int[] SIZES = {1, 2, 7, 17, 33};
    /** Non-square products {m, n, k} beyond the SIZES grid, including a long inner dimension. */
    private static final int[][] EXTRA_SHAPES = {{5, 9, 3}, {9, 5, 3}, {33, 7, 65}, {1, 40, 100}, {64, 3, 1}};

    // -------------------------------------------------------------------------------------------
    // gemm
    // -------------------------------------------------------------------------------------------

    /** Layouts: the obvious one (offset 0, ld = cols) and one with offsets and padded rows (ld = cols + 5). */
    private static final int[][] LAYOUTS = {{0, 0}, {3, 5}};

    @ParameterizedTest(name = "transA={0}, transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmMatchesFloat64Reference(boolean transA, boolean transB) {
        Random rnd = new Random(1000 + (transA ? 2 : 0) + (transB ? 1 : 0));
        Mismatches mm = new Mismatches("gemm(transA=" + transA + ", transB=" + transB + ")");
        for (int[] layout : LAYOUTS) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        gemmCase(rnd, mm, transA, transB, m, n, k, layout[0], layout[1], false);
                    }
                }
            }
            for (int[] s : EXTRA_SHAPES) {
                gemmCase(rnd, mm, transA, transB, s[0], s[1], s[2], layout[0], layout[1], false);
            }
        }
        mm.assertNone();
    }

    @ParameterizedTest(name = "transA={0}, transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void packedGemmMatchesFloat64Reference(boolean transA, boolean transB) {
        Random rnd = new Random(2000 + (transA ? 2 : 0) + (transB ? 1 : 0));
        Mismatches mm = new Mismatches("packed gemm(transA=" + transA + ", transB=" + transB + ")");
        for (int[] layout : LAYOUTS) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        gemmCase(rnd, mm, transA, transB, m, n, k, layout[0], layout[1], true);
                    }
                }
            }
            for (int[] s : EXTRA_SHAPES) {
                gemmCase(rnd, mm, transA, transB, s[0], s[1], s[2], layout[0], layout[1], true);
            }
        }
        mm.assertNone();
    }

    /**
     * One product {@code C += op(A)·op(B)} onto a random (non-zero) C, compared element by element with
     * the exact sum in float64; every element of C outside the product is checked to be unchanged and
     * the inputs to be unchanged. With {@code packed}, B is packed and the source array then
     * overwritten with NaN, so a product that still read the source would fail.
     */
    private static void gemmCase(Random rnd, Mismatches mm, boolean transA, boolean transB, int m, int n, int k,
                                 int off, int pad, boolean packed) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + pad;
        int ldc = n + pad;
        int aOff = off;
        int bOff = 2 * off;
        int cOff = off + (off > 0 ? 1 : 0);
        float[] a = matrix(rnd, aOff, aRows, aCols, lda, 1);
        float[] b = matrix(rnd, bOff, bRows, bCols, ldb, 1);
        float[] c = matrix(rnd, cOff, m, n, ldc, 1);
        float[] a0 = a.clone();
        float[] b0 = b.clone();
        float[] c0 = c.clone();

        if (packed) {
            PackedMatrix p = B.pack(transB, k, n, b, bOff, ldb);
            assertEquals(k, p.k());
            assertEquals(n, p.n());
            assertEquals(0, p.gates());
            assertSame(B, p.backend());
            Arrays.fill(b, Float.NaN);
            B.gemm(transA, m, a, aOff, lda, p, c, cOff, ldc);
        } else {
            B.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            assertUnchanged("b", b0, b);
        }
        assertUnchanged("a", a0, a);
        assertUntouchedOutside("c", c0, c, cOff, m, n, ldc);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double start = c0[cOff + i * ldc + j];
                double exact = start;
                double abs = Math.abs(start);
                for (int p = 0; p < k; p++) {
                    // op(A)(i, p) and op(B)(p, j) straight from the javadoc: a holds A or Aᵀ, b holds B or Bᵀ.
                    double aip = transA ? a0[aOff + p * lda + i] : a0[aOff + i * lda + p];
                    double bpj = transB ? b0[bOff + j * ldb + p] : b0[bOff + p * ldb + j];
                    exact += aip * bpj; // a product of two floats is exact in double
                    abs += Math.abs(aip * bpj);
                }
                // k products and the start value c0: (k + 2)·U·(Σ|a·b| + |c0|), see FloatError.sum.
                double bound = FloatError.sum(k + 1, abs);
                int ii = i;
                int jj = j;
                mm.check(c[cOff + i * ldc + j], exact, bound,
                        () -> "m=" + m + " n=" + n + " k=" + k + " off=" + off + " pad=" + pad + " C(" + ii + "," + jj + ")");
            }
        }
    }

    @Test
    void packGatesDescribesItsOperand() {
        Random rnd = new Random(7);
        float[] w = matrix(rnd, 2, 4 * 5, 9, 11, 1);
        PackedMatrix p = B.packGates(4, 5, 9, w, 2, 11);
        assertEquals(9, p.k());
        assertEquals(20, p.n());
        assertEquals(4, p.gates());
        assertEquals(5, p.hidden());
        assertSame(B, p.backend());
        PackedMatrix q = B.packGates(3, 5, 5, w, 0, 5);
        assertEquals(15, q.n());
        assertEquals(3, q.gates());
        assertEquals(5, q.hidden());
        PackedMatrix r = B.pack(true, 9, 7, w, 1, 9);
        assertEquals(7, r.hidden());
    }

    // -------------------------------------------------------------------------------------------
    // LSTM step
    // -------------------------------------------------------------------------------------------

    /** How the pre-activation addend {@code pre} is given. */
    enum Pre { NONE, PER_ROW, BROADCAST }

    @ParameterizedTest
    @EnumSource(Pre.class)
    void lstmStepMatchesFloat64Equations(Pre preMode) {
        Random rnd = new Random(3000 + preMode.ordinal());
        Mismatches mm = new Mismatches("lstmStep(pre " + preMode + ")");
        for (int batch : new int[] {1, 2, 3, 5}) {
            for (int hid : new int[] {1, 7, 16, 17}) {
                for (int k : new int[] {1, 9, 33}) {
                    for (boolean saveGates : new boolean[] {true, false}) {
                        for (boolean inPlace : new boolean[] {true, false}) {
                            lstmStepCase(rnd, mm, preMode, batch, hid, k, saveGates, inPlace);
                        }
                    }
                }
            }
        }
        mm.assertNone();
    }

    private static void lstmStepCase(Random rnd, Mismatches mm, Pre preMode, int batch, int hid, int k,
                                     boolean saveGates, boolean inPlace) {
        int g4 = 4 * hid;
        int inOff = 2;
        int ldIn = k + 3;
        float[] in = matrix(rnd, inOff, batch, k, ldIn, 1);
        int wOff = 1;
        int ldw = k + 1;
        float[] w = matrix(rnd, wOff, g4, k, ldw, 0.5);
        PackedMatrix pw = B.packGates(4, hid, k, w, wOff, ldw);

        float[] pre = null;
        int preOff = 0;
        int ldPre = 0;
        if (preMode == Pre.PER_ROW) {
            preOff = 1;
            ldPre = g4 + 2;
            pre = matrix(rnd, preOff, batch, g4, ldPre, 1);
        } else if (preMode == Pre.BROADCAST) {
            preOff = 3;
            ldPre = 0;
            pre = matrix(rnd, preOff, 1, g4, g4, 1);
        }
        int cPrevOff = 3;
        float[] cPrev = matrix(rnd, cPrevOff, batch, hid, hid, 1);
        int cOff = inPlace ? cPrevOff : 5;
        float[] c = inPlace ? cPrev : matrix(rnd, cOff, batch, hid, hid, 1);
        int hOff = 4;
        int ldh = hid + 3;
        float[] h = matrix(rnd, hOff, batch, hid, ldh, 1);
        int gOff = 2;
        float[] gates = saveGates ? matrix(rnd, gOff, batch, g4, g4, 1) : null;

        float[] in0 = in.clone();
        float[] w0 = w.clone();
        float[] pre0 = pre == null ? null : pre.clone();
        float[] cPrev0 = cPrev.clone();
        float[] c0 = c.clone();
        float[] h0 = h.clone();
        float[] gates0 = gates == null ? null : gates.clone();

        // The packed matrix is a copy: changing the source afterwards must not matter.
        Arrays.fill(w, Float.NaN);
        B.lstmStep(batch, pw, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff, h, hOff, ldh,
                gates, gOff);

        assertUnchanged("in", in0, in);
        if (pre != null) {
            assertUnchanged("pre", pre0, pre);
        }
        if (!inPlace) {
            assertUnchanged("cPrev", cPrev0, cPrev);
        }
        assertUntouchedOutside("c", c0, c, cOff, batch, hid, hid);
        assertUntouchedOutside("h", h0, h, hOff, batch, hid, ldh);
        if (gates != null) {
            assertUntouchedOutside("gates", gates0, gates, gOff, batch, g4, g4);
        }

        String where = "batch=" + batch + " H=" + hid + " K=" + k + " gates=" + saveGates + " inPlace=" + inPlace;
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                double[] x = new double[4];
                double[] ex = new double[4];
                for (int q = 0; q < 4; q++) {
                    double p0 = pre0 == null ? 0 : pre0[preOff + r * ldPre + q * hid + u];
                    double sum = p0;
                    double abs = Math.abs(p0);
                    for (int p = 0; p < k; p++) {
                        double prod = (double) w0[wOff + (q * hid + u) * ldw + p] * in0[inOff + r * ldIn + p];
                        sum += prod;
                        abs += Math.abs(prod);
                    }
                    x[q] = sum;
                    ex[q] = FloatError.sum(k + 1, abs); // K products plus pre
                }
                double i = sigmoid(x[0]);
                double f = sigmoid(x[1]);
                double g = Math.tanh(x[2]);
                double o = sigmoid(x[3]);
                double cp = cPrev0[cPrevOff + r * hid + u];
                double cNew = f * cp + i * g;
                double tc = Math.tanh(cNew);
                double hNew = o * tc;

                double ei = FloatError.sigmoid(i, ex[0]);
                double ef = FloatError.sigmoid(f, ex[1]);
                double eg = FloatError.tanh(g, ex[2]);
                double eo = FloatError.sigmoid(o, ex[3]);
                double ec = FloatError.add(f * cp, FloatError.mul(f, ef, cp, 0), i * g, FloatError.mul(i, ei, g, eg));
                double eh = FloatError.mul(o, eo, tc, FloatError.tanh(tc, ec));

                int rr = r;
                int uu = u;
                mm.check(c[cOff + r * hid + u], cNew, ec, () -> where + " c(" + rr + "," + uu + ")");
                mm.check(h[hOff + r * ldh + u], hNew, eh, () -> where + " h(" + rr + "," + uu + ")");
                if (gates != null) {
                    int g0 = gOff + r * g4 + u;
                    mm.check(gates[g0], i, ei, () -> where + " gate i(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + hid], f, ef, () -> where + " gate f(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + 2 * hid], g, eg, () -> where + " gate g(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + 3 * hid], o, eo, () -> where + " gate o(" + rr + "," + uu + ")");
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------
    // GRU step
    // -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Pre.class)
    void gruStepMatchesPyTorchEquations(Pre preMode) {
        Random rnd = new Random(4000 + preMode.ordinal());
        Mismatches mm = new Mismatches("gruStep(pre " + preMode + ")");
        for (int batch : new int[] {1, 2, 3, 5}) {
            for (int hid : new int[] {1, 7, 16, 17}) {
                for (boolean withBias : new boolean[] {true, false}) {
                    for (boolean saveGates : new boolean[] {true, false}) {
                        gruStepCase(rnd, mm, preMode, batch, hid, withBias, saveGates);
                    }
                }
            }
        }
        mm.assertNone();
    }

    private static void gruStepCase(Random rnd, Mismatches mm, Pre preMode, int batch, int hid,
                                    boolean withBias, boolean saveGates) {
        int g3 = 3 * hid;
        int g4 = 4 * hid;
        int hpOff = 2;
        int ldhp = hid + 4;
        float[] hPrev = matrix(rnd, hpOff, batch, hid, ldhp, 1);
        int wOff = 3;
        int ldw = hid + 2;
        float[] w = matrix(rnd, wOff, g3, hid, ldw, 0.5);
        PackedMatrix pw = B.packGates(3, hid, hid, w, wOff, ldw);
        int biasOff = 1;
        float[] bias = withBias ? matrix(rnd, biasOff, 1, g3, g3, 1) : null;

        float[] pre = null;
        int preOff = 0;
        int ldPre = 0;
        if (preMode == Pre.PER_ROW) {
            preOff = 2;
            ldPre = g3 + 1;
            pre = matrix(rnd, preOff, batch, g3, ldPre, 1);
        } else if (preMode == Pre.BROADCAST) {
            preOff = 1;
            ldPre = 0;
            pre = matrix(rnd, preOff, 1, g3, g3, 1);
        }
        int hOff = 1;
        int ldh = hid + 1;
        float[] h = matrix(rnd, hOff, batch, hid, ldh, 1);
        int gOff = 2;
        float[] gates = saveGates ? matrix(rnd, gOff, batch, g4, g4, 1) : null;

        float[] hPrev0 = hPrev.clone();
        float[] w0 = w.clone();
        float[] bias0 = bias == null ? null : bias.clone();
        float[] pre0 = pre == null ? null : pre.clone();
        float[] h0 = h.clone();
        float[] gates0 = gates == null ? null : gates.clone();

        Arrays.fill(w, Float.NaN);
        B.gruStep(batch, pw, hPrev, hpOff, ldhp, pre, preOff, ldPre, bias, withBias ? biasOff : 0,
                h, hOff, ldh, gates, gOff);

        assertUnchanged("hPrev", hPrev0, hPrev);
        if (bias != null) {
            assertUnchanged("bias", bias0, bias);
        }
        if (pre != null) {
            assertUnchanged("pre", pre0, pre);
        }
        assertUntouchedOutside("h", h0, h, hOff, batch, hid, ldh);
        if (gates != null) {
            assertUntouchedOutside("gates", gates0, gates, gOff, batch, g4, g4);
        }

        String where = "batch=" + batch + " H=" + hid + " bias=" + withBias + " gates=" + saveGates;
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                // Recurrent pre-activations [ar az an] = hPrev·W_hhᵀ + b_hh, and their |addends|.
                double[] rec = new double[3];
                double[] recAbs = new double[3];
                double[] p = new double[3];
                for (int q = 0; q < 3; q++) {
                    double b = bias0 == null ? 0 : bias0[biasOff + q * hid + u];
                    rec[q] = b;
                    recAbs[q] = Math.abs(b);
                    for (int j = 0; j < hid; j++) {
                        double prod = (double) w0[wOff + (q * hid + u) * ldw + j] * hPrev0[hpOff + r * ldhp + j];
                        rec[q] += prod;
                        recAbs[q] += Math.abs(prod);
                    }
                    p[q] = pre0 == null ? 0 : pre0[preOff + r * ldPre + q * hid + u];
                }
                double hp = hPrev0[hpOff + r * ldhp + u];
                double rg = sigmoid(p[0] + rec[0]);
                double z = sigmoid(p[1] + rec[1]);
                double an = rec[2];
                double n = Math.tanh(p[2] + rg * an);
                double hNew = (1 - z) * n + z * hp;

                // r and z: H products, b_hh and pre: H + 2 addends. an: H products and b_hh.
                double erg = FloatError.sigmoid(rg, FloatError.sum(hid + 2, recAbs[0] + Math.abs(p[0])));
                double ez = FloatError.sigmoid(z, FloatError.sum(hid + 2, recAbs[1] + Math.abs(p[1])));
                double ean = FloatError.sum(hid + 1, recAbs[2]);
                double ern = FloatError.mul(rg, erg, an, ean);
                double en = FloatError.tanh(n, FloatError.add(p[2], 0, rg * an, ern));
                double eomz = FloatError.add(1, 0, -z, ez);
                double eh = FloatError.add((1 - z) * n, FloatError.mul(1 - z, eomz, n, en),
                        z * hp, FloatError.mul(z, ez, hp, 0));

                int rr = r;
                int uu = u;
                mm.check(h[hOff + r * ldh + u], hNew, eh, () -> where + " h(" + rr + "," + uu + ")");
                if (gates != null) {
                    int g0 = gOff + r * g4 + u;
                    mm.check(gates[g0], rg, erg, () -> where + " gate r(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + hid], z, ez, () -> where + " gate z(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + 2 * hid], n, en, () -> where + " gate n(" + rr + "," + uu + ")");
                    mm.check(gates[g0 + 3 * hid], an, ean, () -> where + " an(" + rr + "," + uu + ")");
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------
    // Backward kernels against finite differences
    // -------------------------------------------------------------------------------------------

    /** Central-difference step: a power of two, so x ± STEP is exact for the test's inputs. */
    private static final double STEP = 0x1p-14;

    /**
     * Tolerance of a backward kernel's outputs against the float64 gradient.
     *
     * <p>The tests keep every magnitude at most 1 (upstream dh, dc, cPrev, hPrev; for GRU also
     * |an| <= 1) and feed the kernels float inputs: each saved gate is the rounded nonlinearity of an
     * exactly known pre-activation (within 2U, see FloatError.sigmoid), the LSTM's saved c is within
     * about 10U of the exact cell state (|c| <= 2), the GRU's saved n within about 8U. Walking each
     * output's expression through the FloatError.mul/add rules, one rounding per operation:
     * <ul>
     *   <li>LSTM: tanh(c) about 12U, 1 - tanh(c)^2 about 26U (twice tanh(c)'s error: the worst
     *       conditioned step), dc_total = dc + dh·o·(1 - tanh(c)^2) about 32U (|dc_total| <= 2), the
     *       returned dc about 38U, dGates i, f, g about 52U each, o about 20U;</li>
     *   <li>GRU: dN about 23U, dZ and dRec_n about 26U, dR about 14U, dhPrev about 3U.</li>
     * </ul>
     * {@code 2^7·U ≈ 7.6e-6} is 2.5 times the largest (52U), so the test does not depend on the order
     * of operations within a kernel, while a wrong term in a formula is off by orders of magnitude
     * more. The central difference itself is accurate to about
     * {@code STEP^2·|L'''|/6 + 2^-53·|L|/STEP}, below 1e-8 here, which is added.
     */
    private static final double BACKWARD_TOLERANCE = 0x1p7 * U + 1e-8;

    @ParameterizedTest(name = "batch={0}, hidden={1}")
    @CsvSource({"1,1", "1,7", "2,16", "3,7", "3,17"})
    void lstmStepBackwardMatchesFiniteDifferences(int batch, int hid) {
        Random rnd = new Random(5000 + 31 * batch + hid);
        int g4 = 4 * hid;
        int k = 5;
        // Dyadic in, W and pre (multiples of 2^-8, |in| <= 1, |w| <= 1/2, |pre| <= 2): each product
        // is a multiple of 2^-16 and every partial sum of a pre-activation is a multiple of 2^-16 below
        // 2 + 5/2 < 2^3 in magnitude, i.e. at most 19 significant bits, so the float pre-activations the
        // kernel computes are exact and the finite differences are taken at the very point whose saved
        // gates the backward kernel gets.
        int inOff = 1;
        int ldIn = k + 2;
        float[] in = dyadic(rnd, inOff, batch, k, ldIn, 1, 8);
        float[] w = dyadic(rnd, 0, g4, k, k, 0.5, 8);
        int preOff = 2;
        int ldPre = g4 + 1;
        float[] pre = dyadic(rnd, preOff, batch, g4, ldPre, 2, 8);
        int cPrevOff = 3;
        float[] cPrev = matrix(rnd, cPrevOff, batch, hid, hid, 1);
        int cOff = 1;
        float[] c = new float[cOff + batch * hid + 2];
        float[] h = new float[batch * hid];
        int gOff = 2;
        float[] gates = new float[gOff + batch * g4 + 1];
        B.lstmStep(batch, B.packGates(4, hid, k, w, 0, k), in, inOff, ldIn, pre, preOff, ldPre,
                cPrev, cPrevOff, c, cOff, h, 0, hid, gates, gOff);

        int dhOff = 4;
        int lddh = hid + 2;
        float[] dh = matrix(rnd, dhOff, batch, hid, lddh, 1);
        int dcOff = 2;
        float[] dc = matrix(rnd, dcOff, batch, hid, hid, 1);
        int dgOff = 3;
        float[] dGates = matrix(rnd, dgOff, batch, g4, g4, 1);
        float[] dh0 = dh.clone();
        float[] dc0 = dc.clone();
        float[] dGates0 = dGates.clone();
        float[] gates0 = gates.clone();
        float[] cPrevIn = cPrev.clone();
        float[] cIn = c.clone();

        B.lstmStepBackward(batch, hid, gates, gOff, cPrev, cPrevOff, c, cOff, dh, dhOff, lddh, dc, dcOff,
                dGates, dgOff);

        assertUnchanged("gates", gates0, gates);
        assertUnchanged("cPrev", cPrevIn, cPrev);
        assertUnchanged("c", cIn, c);
        assertUnchanged("dh", dh0, dh);
        assertUntouchedOutside("dc", dc0, dc, dcOff, batch, hid, hid);
        assertUntouchedOutside("dGates", dGates0, dGates, dgOff, batch, g4, g4);

        // The float64 problem: x = exact pre-activations [batch x 4H], cp = cPrev, upstream dh and dc.
        double[] x = new double[batch * g4];
        double[] cp = new double[batch * hid];
        double[] dhv = new double[batch * hid];
        double[] dcv = new double[batch * hid];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < g4; j++) {
                double s = pre[preOff + r * ldPre + j];
                for (int p = 0; p < k; p++) {
                    s += (double) w[j * k + p] * in[inOff + r * ldIn + p];
                }
                x[r * g4 + j] = s;
            }
            for (int u = 0; u < hid; u++) {
                cp[r * hid + u] = cPrev[cPrevOff + r * hid + u];
                dhv[r * hid + u] = dh0[dhOff + r * lddh + u];
                dcv[r * hid + u] = dc0[dcOff + r * hid + u];
            }
        }
        LstmLoss loss = new LstmLoss(batch, hid, x, cp, dhv, dcv);

        Mismatches mm = new Mismatches("lstmStepBackward(batch=" + batch + ", H=" + hid + ")");
        double[] gx = gradient(loss, x);
        double[] gcp = gradient(loss, cp);
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < g4; j++) {
                int rr = r;
                int jj = j;
                mm.check(dGates[dgOff + r * g4 + j], gx[r * g4 + j], BACKWARD_TOLERANCE,
                        () -> "dGates(" + rr + ", " + "ifgo".charAt(jj / hid) + " unit " + jj % hid + ")");
            }
            for (int u = 0; u < hid; u++) {
                int rr = r;
                int uu = u;
                mm.check(dc[dcOff + r * hid + u], gcp[r * hid + u], BACKWARD_TOLERANCE,
                        () -> "dc = dL/dcPrev(" + rr + "," + uu + ")");
            }
        }
        mm.assertNone();
    }

    /**
     * {@code L = Σ dh ⊙ h + Σ dc ⊙ c} of one LSTM step in float64, as a function of the gate
     * pre-activations and of cPrev (both arrays are read live, so the caller perturbs them in place).
     */
    private record LstmLoss(int batch, int hid, double[] x, double[] cPrev, double[] dh, double[] dc)
            implements Loss {
        @Override
        public double value() {
            double sum = 0;
            for (int r = 0; r < batch; r++) {
                for (int u = 0; u < hid; u++) {
                    int g = r * 4 * hid + u;
                    double i = sigmoid(x[g]);
                    double f = sigmoid(x[g + hid]);
                    double gg = Math.tanh(x[g + 2 * hid]);
                    double o = sigmoid(x[g + 3 * hid]);
                    double c = f * cPrev[r * hid + u] + i * gg;
                    double h = o * Math.tanh(c);
                    sum += dh[r * hid + u] * h + dc[r * hid + u] * c;
                }
            }
            return sum;
        }
    }

    @ParameterizedTest(name = "batch={0}, hidden={1}")
    @CsvSource({"1,1", "1,7", "2,16", "3,7", "3,17"})
    void gruStepBackwardMatchesFiniteDifferences(int batch, int hid) {
        Random rnd = new Random(6000 + 31 * batch + hid);
        int g3 = 3 * hid;
        int g4 = 4 * hid;
        // Dyadic hPrev, W_hh, b_hh and pre (multiples of 2^-8; |h| <= 1, |w| <= 1/(2H), |b| <= 1/2,
        // |pre| <= 3/2): products are multiples of 2^-16, and every partial sum of a pre-activation or
        // of an is a multiple of 2^-16 below 1/2 + 1/2 + 3/2 < 2^2 in magnitude, i.e. at most 18
        // significant bits, so the kernel's float pre-activations and its saved an are exact in any
        // order; and |an| <= 1 as BACKWARD_TOLERANCE assumes.
        int hpOff = 2;
        int ldhp = hid + 3;
        float[] hPrev = dyadic(rnd, hpOff, batch, hid, ldhp, 1, 8);
        float[] w = dyadic(rnd, 0, g3, hid, hid, 0.5 / hid, 8);
        float[] bias = dyadic(rnd, 0, 1, g3, g3, 0.5, 8);
        int preOff = 1;
        int ldPre = g3 + 2;
        float[] pre = dyadic(rnd, preOff, batch, g3, ldPre, 1.5, 8);
        int gOff = 3;
        float[] gates = new float[gOff + batch * g4 + 1];
        float[] hNew = new float[batch * hid];
        B.gruStep(batch, B.packGates(3, hid, hid, w, 0, hid), hPrev, hpOff, ldhp, pre, preOff, ldPre, bias, 0,
                hNew, 0, hid, gates, gOff);

        int dhOff = 1;
        int lddh = hid + 5;
        float[] dh = matrix(rnd, dhOff, batch, hid, lddh, 1);
        int dPreOff = 2;
        float[] dPre = matrix(rnd, dPreOff, batch, g3, g3, 1);
        int dRecOff = 4;
        float[] dRec = matrix(rnd, dRecOff, batch, g3, g3, 1);
        int dhpOff = 1;
        float[] dhPrev = matrix(rnd, dhpOff, batch, hid, hid, 1);
        float[] gates0 = gates.clone();
        float[] hPrev0 = hPrev.clone();
        float[] dh0 = dh.clone();
        float[] dPre0 = dPre.clone();
        float[] dRec0 = dRec.clone();
        float[] dhPrev0 = dhPrev.clone();

        B.gruStepBackward(batch, hid, gates, gOff, hPrev, hpOff, ldhp, dh, dhOff, lddh, dPre, dPreOff,
                dRec, dRecOff, dhPrev, dhpOff);

        assertUnchanged("gates", gates0, gates);
        assertUnchanged("hPrev", hPrev0, hPrev);
        assertUnchanged("dh", dh0, dh);
        assertUntouchedOutside("dPre", dPre0, dPre, dPreOff, batch, g3, g3);
        assertUntouchedOutside("dRec", dRec0, dRec, dRecOff, batch, g3, g3);
        assertUntouchedOutside("dhPrev", dhPrev0, dhPrev, dhpOff, batch, hid, hid);

        // The float64 problem: the input-side pre-activations p, the recurrent ones
        // rec = hPrev·W_hhᵀ + b_hh (independent inputs: the matrix product is the caller's), and hPrev
        // where it enters directly (h = (1 - z)·n + z·hPrev).
        double[] p = new double[batch * g3];
        double[] rec = new double[batch * g3];
        double[] hp = new double[batch * hid];
        double[] dhv = new double[batch * hid];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < g3; j++) {
                p[r * g3 + j] = pre[preOff + r * ldPre + j];
                double s = bias[j];
                for (int q = 0; q < hid; q++) {
                    s += (double) w[j * hid + q] * hPrev[hpOff + r * ldhp + q];
                }
                rec[r * g3 + j] = s;
            }
            for (int u = 0; u < hid; u++) {
                hp[r * hid + u] = hPrev[hpOff + r * ldhp + u];
                dhv[r * hid + u] = dh0[dhOff + r * lddh + u];
            }
        }
        GruLoss loss = new GruLoss(batch, hid, p, rec, hp, dhv);

        Mismatches mm = new Mismatches("gruStepBackward(batch=" + batch + ", H=" + hid + ")");
        double[] gp = gradient(loss, p);
        double[] grec = gradient(loss, rec);
        double[] ghp = gradient(loss, hp);
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < g3; j++) {
                int rr = r;
                int jj = j;
                mm.check(dPre[dPreOff + r * g3 + j], gp[r * g3 + j], BACKWARD_TOLERANCE,
                        () -> "dPre(" + rr + ", " + "rzn".charAt(jj / hid) + " unit " + jj % hid + ")");
                mm.check(dRec[dRecOff + r * g3 + j], grec[r * g3 + j], BACKWARD_TOLERANCE,
                        () -> "dRec(" + rr + ", " + "rzn".charAt(jj / hid) + " unit " + jj % hid + ")");
            }
            for (int u = 0; u < hid; u++) {
                int rr = r;
                int uu = u;
                mm.check(dhPrev[dhpOff + r * hid + u], ghp[r * hid + u], BACKWARD_TOLERANCE,
                        () -> "dhPrev(" + rr + "," + uu + ")");
            }
        }
        mm.assertNone();
    }

    /** {@code L = Σ dh ⊙ h} of one GRU step in float64 (PyTorch's equations); arrays read live. */
    private record GruLoss(int batch, int hid, double[] pre, double[] rec, double[] hPrev, double[] dh)
            implements Loss {
        @Override
        public double value() {
            double sum = 0;
            for (int r = 0; r < batch; r++) {
                for (int u = 0; u < hid; u++) {
                    int g = r * 3 * hid + u;
                    double rg = sigmoid(pre[g] + rec[g]);
                    double z = sigmoid(pre[g + hid] + rec[g + hid]);
                    double n = Math.tanh(pre[g + 2 * hid] + rg * rec[g + 2 * hid]);
                    double hp = hPrev[r * hid + u];
                    sum += dh[r * hid + u] * ((1 - z) * n + z * hp);
                }
            }
            return sum;
        }
    }

    /** A scalar function of arrays it reads on every call. */
    private interface Loss {
        double value();
    }

    /** Central differences of {@code loss} with respect to every element of {@code v}, perturbed in place. */
    private static double[] gradient(Loss loss, double[] v) {
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double keep = v[i];
            v[i] = keep + STEP;
            double up = loss.value();
            v[i] = keep - STEP;
            double down = loss.value();
            v[i] = keep;
            g[i] = (up - down) / (2 * STEP);
        }
        return g;
    }

    // -------------------------------------------------------------------------------------------
    // Vector and row operations
    // -------------------------------------------------------------------------------------------

    private static final int[] LENGTHS = {1, 2, 7, 17, 33, 100};

    @Test
    void axpyScaleDotAndSumOfSquaresMatchFloat64() {
        Random rnd = new Random(7000);
        Mismatches mm = new Mismatches("axpy/scale/dot/sumOfSquares");
        for (int n : LENGTHS) {
            int xOff = 3;
            int yOff = 5;
            float alpha = uniform(rnd, 2);
            float[] x = matrix(rnd, xOff, 1, n, n, 1);
            float[] y = matrix(rnd, yOff, 1, n, n, 1);
            float[] x0 = x.clone();
            float[] y0 = y.clone();

            float dot = B.dot(n, x, xOff, y, yOff);
            float ss = B.sumOfSquares(n, x, xOff);
            double exactDot = 0;
            double absDot = 0;
            double exactSs = 0;
            for (int i = 0; i < n; i++) {
                double prod = (double) x[xOff + i] * y[yOff + i];
                exactDot += prod;
                absDot += Math.abs(prod);
                exactSs += (double) x[xOff + i] * x[xOff + i];
            }
            mm.check(dot, exactDot, FloatError.sum(n, absDot), () -> "dot n=" + n);
            mm.check(ss, exactSs, FloatError.sum(n, exactSs), () -> "sumOfSquares n=" + n);
            assertUnchanged("x", x0, x);
            assertUnchanged("y", y0, y);

            B.axpy(n, alpha, x, xOff, y, yOff);
            assertUnchanged("x", x0, x);
            assertUntouchedOutside("y", y0, y, yOff, 1, n, n);
            for (int i = 0; i < n; i++) {
                double ax = (double) alpha * x0[xOff + i];
                double exact = y0[yOff + i] + ax;
                int ii = i;
                // Two addends, alpha·x (a product) and y.
                mm.check(y[yOff + i], exact, FloatError.sum(2, Math.abs(ax) + Math.abs(y0[yOff + i])),
                        () -> "axpy n=" + n + " y[" + ii + "]");
            }

            float[] s = x0.clone();
            B.scale(n, alpha, s, xOff);
            assertUntouchedOutside("x", x0, s, xOff, 1, n, n);
            for (int i = 0; i < n; i++) {
                double exact = (double) alpha * x0[xOff + i];
                int ii = i;
                // One correctly rounded product.
                mm.check(s[xOff + i], exact, U * Math.abs(exact), () -> "scale n=" + n + " x[" + ii + "]");
            }
        }
        mm.assertNone();
    }

    @Test
    void fillRowsAndSumRowsMatchFloat64() {
        Random rnd = new Random(7100);
        Mismatches mm = new Mismatches("fillRows/sumRows");
        for (int m : new int[] {1, 3, 17}) {
            for (int n : new int[] {1, 7, 33}) {
                int rowOff = 2;
                float[] row = matrix(rnd, rowOff, 1, n, n, 1);
                int cOff = 3;
                int ldc = n + 4;
                float[] c = matrix(rnd, cOff, m, n, ldc, 1);
                float[] row0 = row.clone();
                float[] c0 = c.clone();
                B.fillRows(m, n, row, rowOff, c, cOff, ldc);
                assertUnchanged("row", row0, row);
                assertUntouchedOutside("c", c0, c, cOff, m, n, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        int ii = i;
                        int jj = j;
                        mm.same(c[cOff + i * ldc + j], row[rowOff + j], () -> "fillRows C(" + ii + "," + jj + ")");
                    }
                }

                int aOff = 1;
                int lda = n + 3;
                float[] a = matrix(rnd, aOff, m, n, lda, 1);
                int outOff = 4;
                float[] out = matrix(rnd, outOff, 1, n, n, 1);
                float[] a0 = a.clone();
                float[] out0 = out.clone();
                B.sumRows(m, n, a, aOff, lda, out, outOff);
                assertUnchanged("a", a0, a);
                assertUntouchedOutside("out", out0, out, outOff, 1, n, n);
                for (int j = 0; j < n; j++) {
                    double exact = out0[outOff + j];
                    double abs = Math.abs(exact);
                    for (int i = 0; i < m; i++) {
                        exact += a[aOff + i * lda + j];
                        abs += Math.abs(a[aOff + i * lda + j]);
                    }
                    int jj = j;
                    // m + 1 addends: the start value and one element per row.
                    mm.check(out[outOff + j], exact, FloatError.sum(m + 1, abs),
                            () -> "sumRows m=" + m + " n=" + n + " out[" + jj + "]");
                }
            }
        }
        mm.assertNone();
    }

    /** Finite inputs over the whole range where sigmoid and tanh change, plus extremes and tiny values. */
    private static float[] activationInputs() {
        Random rnd = new Random(7200);
        float[] fixed = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            0.5f, -0.5f, 1f, -1f, 9f, -9f, 17f, -17f, 40f, -40f, 88f, -88f, 100f, -100f, 104f, -104f,
            110f, -110f, 1e6f, -1e6f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] x = Arrays.copyOf(fixed, fixed.length + 400);
        for (int i = fixed.length; i < x.length; i++) {
            x[i] = uniform(rnd, i % 2 == 0 ? 3 : 25);
        }
        return x;
    }

    /**
     * Sigmoid in float64 by the form that does not cancel for either sign (for x < 0,
     * e^x / (1 + e^x) rather than the backend's 1 / (1 + e^-x)).
     */
    private static double sigmoidReference(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** tanh in float64 from exponentials, independent of Math.tanh: expm1 near 0, 1 - 2/(e^2|x| + 1) beyond. */
    private static double tanhReference(double x) {
        double ax = Math.abs(x);
        double t;
        if (ax < 1) {
            double e = Math.expm1(2 * ax);
            t = e / (e + 2);
        } else {
            t = 1 - 2 / (Math.exp(2 * ax) + 1);
        }
        return Math.copySign(t, x);
    }

    @Test
    void sigmoidAndTanhMatchFloat64() {
        float[] x = activationInputs();
        int n = x.length;
        int xOff = 2;
        int yOff = 5;
        float[] xs = new float[xOff + n + 1];
        System.arraycopy(x, 0, xs, xOff, n);
        float[] xs0 = xs.clone();
        float[] ys = matrix(new Random(7201), yOff, 1, n, n, 1);
        float[] yt = ys.clone();
        float[] y0 = ys.clone();
        B.sigmoid(n, xs, xOff, ys, yOff);
        B.tanh(n, xs, xOff, yt, yOff);
        assertUnchanged("x", xs0, xs);
        assertUntouchedOutside("sigmoid y", y0, ys, yOff, 1, n, n);
        assertUntouchedOutside("tanh y", y0, yt, yOff, 1, n, n);

        Mismatches mm = new Mismatches("sigmoid/tanh");
        for (int i = 0; i < n; i++) {
            double s = sigmoidReference(x[i]);
            double t = tanhReference(x[i]);
            int ii = i;
            // A double evaluation rounded once to float: 2U relative (see FloatError.sigmoid), and half
            // of Float.MIN_VALUE absolute where the result is subnormal (sigmoid(-100) ≈ 3.7e-44).
            mm.check(ys[yOff + i], s, 2 * U * s + Float.MIN_VALUE, () -> "sigmoid(" + x[ii] + ")");
            mm.check(yt[yOff + i], t, 2 * U * Math.abs(t) + Float.MIN_VALUE, () -> "tanh(" + x[ii] + ")");
        }
        mm.assertNone();

        // In place (y == x, same offset) gives the same values.
        float[] inPlace = xs0.clone();
        B.sigmoid(n, inPlace, xOff, inPlace, xOff);
        assertUntouchedOutside("in-place sigmoid", xs0, inPlace, xOff, 1, n, n);
        assertTrue(Arrays.equals(Arrays.copyOfRange(ys, yOff, yOff + n), Arrays.copyOfRange(inPlace, xOff, xOff + n)),
                "in-place sigmoid differs from out-of-place");
        inPlace = xs0.clone();
        B.tanh(n, inPlace, xOff, inPlace, xOff);
        assertUntouchedOutside("in-place tanh", xs0, inPlace, xOff, 1, n, n);
        assertTrue(Arrays.equals(Arrays.copyOfRange(yt, yOff, yOff + n), Arrays.copyOfRange(inPlace, xOff, xOff + n)),
                "in-place tanh differs from out-of-place");
    }

    @Test
    void sigmoidAndTanhSpecialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
        float[] s = new float[x.length];
        float[] t = new float[x.length];
        B.sigmoid(x.length, x, 0, s, 0);
        B.tanh(x.length, x, 0, t, 0);
        assertTrue(Float.isNaN(s[0]), "sigmoid(NaN) = " + s[0]);
        assertEquals(1f, s[1], "sigmoid(+Inf)");
        assertEquals(0f, s[2], "sigmoid(-Inf)");
        assertEquals(0.5f, s[3], "sigmoid(0)");
        assertEquals(0.5f, s[4], "sigmoid(-0)");
        assertTrue(Float.isNaN(t[0]), "tanh(NaN) = " + t[0]);
        assertEquals(1f, t[1], "tanh(+Inf)");
        assertEquals(-1f, t[2], "tanh(-Inf)");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(t[3]), "tanh(+0) must be +0, got " + t[3]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[4]), "tanh(-0) must be -0, got " + t[4]);
    }

    // ---- softmax / logSoftmax -----------------------------------------------------------------

    /**
     * Relative error bound of a float softmax element {@code y_j = e^(d_j) / Σ e^(d_i)}, {@code d = x - max}:
     * {@code d_j} is one float subtraction ({@code U·|d_j|}, which exp turns into a relative error
     * {@code U·|d_j|}); exp is evaluated and rounded (2U); the sum of {@code n} positive terms adds
     * {@code nU} to the largest term error ({@code (2 + D)U}, {@code D = max - min}); the division one
     * more U. Total {@code (n + 5 + |d_j| + D)·U}. (The scalar backend does better, working in
     * double; the bound is the one any float implementation must meet.)
     */
    private static double softmaxRelError(int n, double dj, double range) {
        return (n + 5 + Math.abs(dj) + range) * U;
    }

    /**
     * Absolute error bound of a float log-softmax element {@code y_j = d_j - log S}: {@code U|d_j|} for
     * {@code d_j}, {@code log S} inherits the relative error of {@code S} as an absolute one
     * ({@code (n + 2 + D)U}) plus two roundings of its value, and the final subtraction one rounding of
     * {@code |d_j| + |log S|}.
     */
    private static double logSoftmaxError(int n, double dj, double range, double logS) {
        return (2 * Math.abs(dj) + 3 * Math.abs(logS) + n + 2 + range) * U;
    }

    private static float[][] softmaxRows(Random rnd) {
        return new float[][] {
            {0.25f},
            {3f, -1f},
            randomRow(rnd, 7, 10),
            randomRow(rnd, 33, 10),
            randomRow(rnd, 17, 3),
            // Large values: exp(1000) overflows even a double; the result must still be finite.
            {1000f, 999.5f, -1000f, 1000f, 0f, 88.7f, 1000f},
            {-1000f, -1001f, -999f},
        };
    }

    private static float[] randomRow(Random rnd, int n, double scale) {
        float[] row = new float[n];
        for (int j = 0; j < n; j++) {
            row[j] = uniform(rnd, scale);
        }
        return row;
    }

    @Test
    void softmaxAndLogSoftmaxMatchFloat64() {
        Random rnd = new Random(7300);
        Mismatches mm = new Mismatches("softmax/logSoftmax");
        for (float[] values : softmaxRows(rnd)) {
            int n = values.length;
            // The same values in each of m = 3 rows, but shifted per row so rows differ.
            int m = 3;
            int xOff = 1;
            int ldx = n + 2;
            int yOff = 2;
            int ldy = n + 3;
            float[] x = matrix(rnd, xOff, m, n, ldx, 1);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    x[xOff + r * ldx + j] = values[j] + (r == 1 ? 0.5f : 0f) - (r == 2 ? values[(j + 1) % n] / 2 : 0f);
                }
            }
            float[] x0 = x.clone();
            float[] y = matrix(rnd, yOff, m, n, ldy, 1);
            float[] ly = y.clone();
            float[] y0 = y.clone();
            B.softmax(m, n, x, xOff, ldx, y, yOff, ldy);
            B.logSoftmax(m, n, x, xOff, ldx, ly, yOff, ldy);
            assertUnchanged("x", x0, x);
            assertUntouchedOutside("softmax y", y0, y, yOff, m, n, ldy);
            assertUntouchedOutside("logSoftmax y", y0, ly, yOff, m, n, ldy);

            for (int r = 0; r < m; r++) {
                double max = Double.NEGATIVE_INFINITY;
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, x[xOff + r * ldx + j]);
                    min = Math.min(min, x[xOff + r * ldx + j]);
                }
                double range = max - min;
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(x[xOff + r * ldx + j] - max);
                }
                double logS = Math.log(sum);
                double rowSum = 0;
                double rowSumBound = 0;
                for (int j = 0; j < n; j++) {
                    double d = x[xOff + r * ldx + j] - max;
                    double expected = Math.exp(d) / sum;
                    double rel = softmaxRelError(n, d, range);
                    float got = y[yOff + r * ldy + j];
                    float gotLog = ly[yOff + r * ldy + j];
                    String where = "n=" + n + " row " + r + " col " + j + " x=" + x[xOff + r * ldx + j];
                    mm.check(got, expected, rel * expected + Float.MIN_VALUE, () -> "softmax " + where);
                    double logErr = logSoftmaxError(n, d, range, logS);
                    mm.check(gotLog, d - logS, logErr, () -> "logSoftmax " + where);
                    if (got >= Float.MIN_NORMAL) {
                        // log(ŷ) = log(y) + log(1 + ε): within |ε|(1 + |ε|) of log(y).
                        mm.check(gotLog, Math.log(got), logErr + 1.01 * rel, () -> "logSoftmax vs log(softmax) " + where);
                    }
                    rowSum += got;
                    rowSumBound += rel * expected + Float.MIN_VALUE;
                    assertTrue(Float.isFinite(got) && Float.isFinite(gotLog), () -> "not finite at " + where);
                }
                int rr = r;
                mm.check(rowSum, 1, rowSumBound, () -> "softmax row sum, n=" + n + " row " + rr);
            }

            // In place (y == x, same offset and leading dimension): bit-identical to out of place.
            float[] inPlace = x0.clone();
            B.softmax(m, n, inPlace, xOff, ldx, inPlace, xOff, ldx);
            float[] inPlaceLog = x0.clone();
            B.logSoftmax(m, n, inPlaceLog, xOff, ldx, inPlaceLog, xOff, ldx);
            assertUntouchedOutside("in-place softmax", x0, inPlace, xOff, m, n, ldx);
            assertUntouchedOutside("in-place logSoftmax", x0, inPlaceLog, xOff, m, n, ldx);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    int rr = r;
                    int jj = j;
                    mm.same(inPlace[xOff + r * ldx + j], y[yOff + r * ldy + j],
                            () -> "in-place softmax n=" + n + " (" + rr + "," + jj + ")");
                    mm.same(inPlaceLog[xOff + r * ldx + j], ly[yOff + r * ldy + j],
                            () -> "in-place logSoftmax n=" + n + " (" + rr + "," + jj + ")");
                }
            }
        }
        mm.assertNone();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
