package dev.jlstm.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused LSTM and GRU steps and their backward kernels, vector against scalar, for hidden sizes
 * that end a panel anywhere, batches that use the 3-row and the 1-row kernels, and inputs of odd
 * and even length, with offsets and leading dimensions that are not the obvious ones.
 *
 * <p>Tolerances are error bounds propagated from the operation, per element: each backend's
 * pre-activation is within {@code (k + 2) u (sum |w x| + |pre|)} of the exact value (a float sum);
 * a gate moves by at most 1/4 (sigmoid) or 1 (tanh) times that, plus the activation's own error
 * ({@link VectorMath}'s documented bounds for the vector backend, half an ulp for the scalar one);
 * products and sums then add their first-order terms and a few roundings. Two backends may differ
 * by the sum of their two bounds.
 */
class CellParityTest {
    static final Backend SCALAR = Backends.scalar();
    static final Backend VECTOR = Backends.byName("vector");
    static final double U = 0x1p-24;
    /** Deviation of one backend's sigmoid or tanh from the exact function, at the same argument. */
    static final double EPS_SIGMOID = VectorMath.SIGMOID_MAX_ABS_ERROR + U;
    static final double EPS_TANH = VectorMath.TANH_MAX_ERROR + U;

    static List<Arguments> shapes() {
        int[] hiddens = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65};
        int[] batches = {1, 2, 3, 4, 5, 7};
        int[] ks = {1, 2, 9, 17, 64, 65};
        List<Arguments> shapes = new ArrayList<>();
        int variant = 0;
        for (int h : hiddens) {
            for (int b : batches) {
                shapes.add(Arguments.of(b, h, ks[(variant + h) % ks.length], variant++));
            }
        }
        shapes.add(Arguments.of(4, 257, 255, variant++));
        shapes.add(Arguments.of(1, 255, 512, variant++));
        return shapes;
    }

    @ParameterizedTest(name = "batch={0} hidden={1} k={2} variant={3}")
    @MethodSource("shapes")
    void lstmStepMatchesScalar(int batch, int hid, int k, int variant) {
        Rand rand = new Rand(1000L * hid + 10L * batch + k);
        int preMode = variant % 3; // 0: none, 1: [batch x 4H], 2: one broadcast row
        boolean saveGates = variant % 2 == 0;
        boolean inPlace = variant % 4 < 2;
        int inOff = 2, ldIn = k + 3;
        int preOff = 5, ldPre = preMode == 2 ? 0 : 4 * hid + 1;
        int cOff = 1, hOff = 1, ldh = hid + 4, gOff = 3;
        float[] w = rand.floats(4 * hid * k, (float) (1 / Math.sqrt(k)));
        float[] in = rand.floats(inOff + batch * ldIn, 1f);
        float[] pre = preMode == 0 ? null : rand.floats(preOff + (preMode == 2 ? 1 : batch) * (4 * hid + 1), 1f);
        float[] cPrev = rand.floats(cOff + batch * hid + 2, 2f);

        Run s = lstm(SCALAR, batch, hid, k, w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cOff, inPlace, hOff, ldh, saveGates, gOff);
        Run v = lstm(VECTOR, batch, hid, k, w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cOff, inPlace, hOff, ldh, saveGates, gOff);
        String what = "lstmStep batch=" + batch + " hidden=" + hid + " k=" + k + " variant=" + variant;

        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                double[] e = new double[4]; // bound on each backend's pre-activation error, per gate
                for (int q = 0; q < 4; q++) {
                    double sum = pre == null ? 0 : Math.abs(pre[preOff + r * ldPre + q * hid + u]);
                    for (int p = 0; p < k; p++) {
                        sum += Math.abs((double) w[(q * hid + u) * k + p] * in[inOff + r * ldIn + p]);
                    }
                    e[q] = (k + 2) * U * sum;
                }
                int g0 = gOff + 4 * r * hid + u;
                double i = s.gates[g0], f = s.gates[g0 + hid], g = s.gates[g0 + 2 * hid], o = s.gates[g0 + 3 * hid];
                double di = e[0] / 4 + EPS_SIGMOID, df = e[1] / 4 + EPS_SIGMOID;
                double dg = e[2] + EPS_TANH, dO = e[3] / 4 + EPS_SIGMOID;
                double cp = cPrev[cOff + r * hid + u];
                double dc = df * Math.abs(cp) + di * (Math.abs(g) + dg) + Math.abs(i) * dg
                        + 3 * U * (Math.abs(f * cp) + Math.abs(i * g));
                double cn = s.c[cOff + r * hid + u];
                double dh = dO * (Math.abs(Math.tanh(cn)) + dc + EPS_TANH) + Math.abs(o) * (dc + EPS_TANH) + 2 * U;
                check(what, "c", r, u, v.c[cOff + r * hid + u], s.c[cOff + r * hid + u], 2 * dc);
                check(what, "h", r, u, v.h[hOff + r * ldh + u], s.h[hOff + r * ldh + u], 2 * dh);
                if (saveGates) {
                    check(what, "gate i", r, u, v.gates[g0], s.gates[g0], 2 * di);
                    check(what, "gate f", r, u, v.gates[g0 + hid], s.gates[g0 + hid], 2 * df);
                    check(what, "gate g", r, u, v.gates[g0 + 2 * hid], s.gates[g0 + 2 * hid], 2 * dg);
                    check(what, "gate o", r, u, v.gates[g0 + 3 * hid], s.gates[g0 + 3 * hid], 2 * dO);
                }
            }
        }
        untouchedOutside(what + " h", v.h, hOff, batch, hid, ldh);
        if (!saveGates) {
            for (float x : v.gates) {
                assertEquals(-7f, x, what + ": gates written although not asked for");
            }
        }
    }

    @ParameterizedTest(name = "batch={0} hidden={1} variant={3}")
    @MethodSource("shapes")
    void gruStepMatchesScalar(int batch, int hid, int unusedK, int variant) {
        Rand rand = new Rand(77L * hid + batch);
        int k = hid;
        int preMode = variant % 3;
        boolean withBias = variant % 2 == 1;
        int hpOff = 4, ldhp = hid + 2;
        int preOff = 1, ldPre = preMode == 2 ? 0 : 3 * hid + 3;
        int hOff = 2, ldh = hid + 1, gOff = 1;
        float[] w = rand.floats(3 * hid * k, (float) (1 / Math.sqrt(k)));
        float[] hPrev = rand.floats(hpOff + batch * ldhp, 1f);
        float[] pre = preMode == 0 ? null : rand.floats(preOff + (preMode == 2 ? 1 : batch) * (3 * hid + 3), 1f);
        float[] bias = withBias ? rand.floats(3 * hid + 2, 0.5f) : null;
        int biasOff = 2;

        float[][] s = gru(SCALAR, batch, hid, w, hPrev, hpOff, ldhp, pre, preOff, ldPre, bias, biasOff, hOff, ldh, gOff);
        float[][] v = gru(VECTOR, batch, hid, w, hPrev, hpOff, ldhp, pre, preOff, ldPre, bias, biasOff, hOff, ldh, gOff);
        String what = "gruStep batch=" + batch + " hidden=" + hid + " variant=" + variant;
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                double[] e = new double[3]; // recurrent sums incl. bias
                for (int q = 0; q < 3; q++) {
                    double sum = bias == null ? 0 : Math.abs(bias[biasOff + q * hid + u]);
                    for (int p = 0; p < k; p++) {
                        sum += Math.abs((double) w[(q * hid + u) * k + p] * hPrev[hpOff + r * ldhp + p]);
                    }
                    e[q] = (k + 2) * U * sum;
                }
                double preR = pre == null ? 0 : Math.abs(pre[preOff + r * ldPre + u]);
                double preZ = pre == null ? 0 : Math.abs(pre[preOff + r * ldPre + hid + u]);
                double preN = pre == null ? 0 : Math.abs(pre[preOff + r * ldPre + 2 * hid + u]);
                int g0 = gOff + 4 * r * hid + u;
                double rg = s[1][g0], z = s[1][g0 + hid], n = s[1][g0 + 2 * hid], an = s[1][g0 + 3 * hid];
                double hp = hPrev[hpOff + r * ldhp + u];
                double dr = (e[0] + U * preR) / 4 + EPS_SIGMOID + U;
                double dz = (e[1] + U * preZ) / 4 + EPS_SIGMOID + U;
                double dnPre = U * preN + dr * (Math.abs(an) + e[2]) + Math.abs(rg) * e[2] + 2 * U * Math.abs(rg * an);
                double dn = dnPre + EPS_TANH;
                double dh = dz * (Math.abs(n) + dn + Math.abs(hp)) + Math.abs(1 - z) * dn + 4 * U * (Math.abs(n) + Math.abs(hp));
                check(what, "h", r, u, v[0][hOff + r * ldh + u], s[0][hOff + r * ldh + u], 2 * dh);
                check(what, "gate r", r, u, v[1][g0], s[1][g0], 2 * dr);
                check(what, "gate z", r, u, v[1][g0 + hid], s[1][g0 + hid], 2 * dz);
                check(what, "gate n", r, u, v[1][g0 + 2 * hid], s[1][g0 + 2 * hid], 2 * dn);
                check(what, "an", r, u, v[1][g0 + 3 * hid], s[1][g0 + 3 * hid], 2 * e[2]);
            }
        }
        untouchedOutside(what + " h", v[0], hOff, batch, hid, ldh);
    }

    @ParameterizedTest(name = "batch={0} hidden={1}")
    @MethodSource("shapes")
    void lstmStepBackwardMatchesScalar(int batch, int hid, int unusedK, int variant) {
        Rand rand = new Rand(5L * hid + batch);
        int gOff = 1, cpOff = 2, cOff = 3, dhOff = 1, lddh = hid + 3, dcOff = 2, dgOff = 4;
        float[] gates = gatesLike(rand, gOff + 4 * batch * hid);
        float[] cPrev = rand.floats(cpOff + batch * hid, 2f);
        float[] c = rand.floats(cOff + batch * hid, 2f);
        float[] dh = rand.floats(dhOff + batch * lddh, 1f);
        float[] dc0 = rand.floats(dcOff + batch * hid + 1, 1f);
        float[] dcS = dc0.clone(), dcV = dc0.clone();
        float[] dgS = new float[dgOff + 4 * batch * hid + 2], dgV = dgS.clone();
        SCALAR.lstmStepBackward(batch, hid, gates, gOff, cPrev, cpOff, c, cOff, dh, dhOff, lddh, dcS, dcOff, dgS, dgOff);
        VECTOR.lstmStepBackward(batch, hid, gates, gOff, cPrev, cpOff, c, cOff, dh, dhOff, lddh, dcV, dcOff, dgV, dgOff);
        String what = "lstmStepBackward batch=" + batch + " hidden=" + hid;
        for (int r = 0; r < batch; r++) {
            for (int u = 0; u < hid; u++) {
                int g0 = gOff + 4 * r * hid + u;
                double i = gates[g0], f = gates[g0 + hid], g = gates[g0 + 2 * hid], o = gates[g0 + 3 * hid];
                double tc = Math.tanh(c[cOff + r * hid + u]);
                double d = dh[dhOff + r * lddh + u];
                double dcIn = dc0[dcOff + r * hid + u];
                double cp = cPrev[cpOff + r * hid + u];
                // Only tanh(c) is computed differently (the rest is the same sequence of float operations).
                double dtc = EPS_TANH + U;
                double dct = dcIn + d * o * (1 - tc * tc);
                double ddct = Math.abs(d * o) * (2 * Math.abs(tc) + dtc) * dtc + 8 * U * (Math.abs(dcIn) + Math.abs(d * o));
                int d0 = dgOff + 4 * r * hid + u;
                check(what, "dc", r, u, dcV[dcOff + r * hid + u], dcS[dcOff + r * hid + u], Math.abs(f) * ddct + 4 * U * Math.abs(dct * f));
                check(what, "dI", r, u, dgV[d0], dgS[d0], ddct * Math.abs(g * i * (1 - i)) + 10 * U * Math.abs(dct * g * i));
                check(what, "dF", r, u, dgV[d0 + hid], dgS[d0 + hid], ddct * Math.abs(cp * f * (1 - f)) + 10 * U * Math.abs(dct * cp * f));
                check(what, "dG", r, u, dgV[d0 + 2 * hid], dgS[d0 + 2 * hid], ddct * Math.abs(i * (1 - g * g)) + 10 * U * Math.abs(dct * i));
                check(what, "dO", r, u, dgV[d0 + 3 * hid], dgS[d0 + 3 * hid], Math.abs(d * o * (1 - o)) * dtc + 10 * U * Math.abs(d * tc * o));
            }
        }
    }

    @ParameterizedTest(name = "batch={0} hidden={1}")
    @MethodSource("shapes")
    void gruStepBackwardMatchesScalar(int batch, int hid, int unusedK, int variant) {
        Rand rand = new Rand(9L * hid + batch);
        int gOff = 2, hpOff = 1, ldhp = hid + 5, dhOff = 3, lddh = hid + 1;
        float[] gates = gatesLike(rand, gOff + 4 * batch * hid);
        float[] hPrev = rand.floats(hpOff + batch * ldhp, 1f);
        float[] dh = rand.floats(dhOff + batch * lddh, 1f);
        float[][] s = gruBackward(SCALAR, batch, hid, gates, gOff, hPrev, hpOff, ldhp, dh, dhOff, lddh);
        float[][] v = gruBackward(VECTOR, batch, hid, gates, gOff, hPrev, hpOff, ldhp, dh, dhOff, lddh);
        String what = "gruStepBackward batch=" + batch + " hidden=" + hid;
        // Both backends run the same sequence of float operations: at most a few roundings apart.
        for (int which = 0; which < 3; which++) {
            for (int idx = 0; idx < s[which].length; idx++) {
                check(what, new String[] {"dPre", "dRec", "dhPrev"}[which], idx, 0, v[which][idx], s[which][idx],
                        10 * U * Math.abs(s[which][idx]));
            }
        }
    }

    /**
     * A step computed in pieces ({@code lstmStepUnits}/{@code gruStepUnits} over disjoint ranges that
     * cover all units, split anywhere) gives exactly the bits of one call: what lets threads share a step.
     */
    @ParameterizedTest(name = "hidden={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 7, 16, 33, 65, 130})
    void stepsInPiecesEqualOneStep(int hid) {
        Rand rand = new Rand(hid);
        int batch = 5, k = 19;
        for (Backend be : List.of(SCALAR, VECTOR)) {
            float[] w4 = rand.floats(4 * hid * k, 0.3f);
            float[] w3 = rand.floats(3 * hid * hid, 0.3f);
            PackedMatrix lstm = be.packGates(4, hid, k, w4, 0, k);
            PackedMatrix gru = be.packGates(3, hid, hid, w3, 0, hid);
            float[] in = rand.floats(batch * k, 1f);
            float[] pre = rand.floats(batch * 4 * hid, 1f);
            float[] cPrev = rand.floats(batch * hid, 1f);
            float[] hPrev = rand.floats(batch * hid, 1f);
            float[] bias = rand.floats(3 * hid, 0.5f);
            float[] c1 = new float[batch * hid], h1 = new float[batch * hid], g1 = new float[batch * 4 * hid];
            be.lstmStep(batch, lstm, in, 0, k, pre, 0, 4 * hid, cPrev, 0, c1, 0, h1, 0, hid, g1, 0);
            float[] gh1 = new float[batch * hid], gg1 = new float[batch * 4 * hid];
            be.gruStep(batch, gru, hPrev, 0, hid, pre, 0, 4 * hid, bias, 0, gh1, 0, hid, gg1, 0);
            for (int cut : new int[] {0, 1, hid / 3, hid / 2, hid - 1}) {
                int[] bounds = {0, Math.min(cut, hid), Math.min(hid, cut + 5 + hid / 4), hid};
                float[] c2 = new float[c1.length], h2 = new float[h1.length], g2 = new float[g1.length];
                float[] gh2 = new float[gh1.length], gg2 = new float[gg1.length];
                for (int i = 0; i + 1 < bounds.length; i++) {
                    be.lstmStepUnits(bounds[i], bounds[i + 1], batch, lstm, in, 0, k, pre, 0, 4 * hid, cPrev, 0, c2, 0,
                            h2, 0, hid, g2, 0);
                    be.gruStepUnits(bounds[i], bounds[i + 1], batch, gru, hPrev, 0, hid, pre, 0, 4 * hid, bias, 0,
                            gh2, 0, hid, gg2, 0);
                }
                String what = be.name() + " hidden=" + hid + " pieces " + java.util.Arrays.toString(bounds);
                org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2, what + " c");
                org.junit.jupiter.api.Assertions.assertArrayEquals(h1, h2, what + " h");
                org.junit.jupiter.api.Assertions.assertArrayEquals(g1, g2, what + " gates");
                org.junit.jupiter.api.Assertions.assertArrayEquals(gh1, gh2, what + " GRU h");
                org.junit.jupiter.api.Assertions.assertArrayEquals(gg1, gg2, what + " GRU gates");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Outputs of one backend's lstmStep, with every untouched element still -7. */
    private record Run(float[] c, float[] h, float[] gates) {}

    private static Run lstm(Backend be, int batch, int hid, int k, float[] w, float[] in, int inOff, int ldIn,
                            float[] pre, int preOff, int ldPre, float[] cPrev, int cOff, boolean inPlace,
                            int hOff, int ldh, boolean saveGates, int gOff) {
        PackedMatrix packed = be.packGates(4, hid, k, w, 0, k);
        float[] cp = cPrev.clone();
        float[] c = inPlace ? cp : filled(cPrev.length);
        float[] h = filled(hOff + batch * ldh + 3);
        float[] gates = filled(gOff + 4 * batch * hid + 2);
        be.lstmStep(batch, packed, in, inOff, ldIn, pre, preOff, ldPre, cp, cOff, c, cOff, h, hOff, ldh,
                saveGates ? gates : null, gOff);
        if (!saveGates) {
            // The tolerances need the scalar gates; recompute them with a second call that saves them.
            float[] cp2 = cPrev.clone();
            float[] h2 = filled(h.length);
            float[] gates2 = filled(gates.length);
            be.lstmStep(batch, packed, in, inOff, ldIn, pre, preOff, ldPre, cp2, cOff, cp2, cOff, h2, hOff, ldh, gates2, gOff);
            if (be == SCALAR) {
                return new Run(c, h, gates2);
            }
        }
        return new Run(c, h, gates);
    }

    private static float[][] gru(Backend be, int batch, int hid, float[] w, float[] hPrev, int hpOff, int ldhp,
                                 float[] pre, int preOff, int ldPre, float[] bias, int biasOff, int hOff, int ldh, int gOff) {
        PackedMatrix packed = be.packGates(3, hid, hid, w, 0, hid);
        float[] h = filled(hOff + batch * ldh + 2);
        float[] gates = filled(gOff + 4 * batch * hid + 1);
        be.gruStep(batch, packed, hPrev, hpOff, ldhp, pre, preOff, ldPre, bias, biasOff, h, hOff, ldh, gates, gOff);
        return new float[][] {h, gates};
    }

    private static float[][] gruBackward(Backend be, int batch, int hid, float[] gates, int gOff, float[] hPrev,
                                         int hpOff, int ldhp, float[] dh, int dhOff, int lddh) {
        float[] dPre = filled(3 * batch * hid + 4);
        float[] dRec = filled(3 * batch * hid + 4);
        float[] dhPrev = filled(batch * hid + 2);
        be.gruStepBackward(batch, hid, gates, gOff, hPrev, hpOff, ldhp, dh, dhOff, lddh, dPre, 1, dRec, 2, dhPrev, 1);
        return new float[][] {dPre, dRec, dhPrev};
    }

    /** Gate-like values: mostly in (0, 1) like sigmoid outputs, every third in (-1, 1) like tanh outputs. */
    private static float[] gatesLike(Rand rand, int n) {
        float[] a = rand.floats(n, 1f);
        for (int i = 0; i < n; i++) {
            a[i] = i % 3 == 2 ? a[i] : 0.5f + a[i] / 2.01f;
        }
        return a;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, -7f);
        return a;
    }

    private static void untouchedOutside(String what, float[] a, int off, int rows, int cols, int ld) {
        for (int idx = 0; idx < a.length; idx++) {
            int rel = idx - off;
            boolean inside = rel >= 0 && rel / ld < rows && rel % ld < cols;
            if (!inside) {
                assertEquals(-7f, a[idx], what + ": element " + idx + " outside the output was changed");
            }
        }
    }

    private static void check(String what, String name, int r, int u, float got, float ref, double bound) {
        if (!(Math.abs((double) got - ref) <= bound)) {
            fail(what + ": " + name + "[" + r + ", " + u + "] vector " + got + " scalar " + ref + ", allowed difference " + bound);
        }
    }
}
