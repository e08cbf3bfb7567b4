package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The fused GRU step and its elementwise backward; the same structure as {@link LstmKernels} with
 * three gates (r, z, n) per panel. A scratch slot holds {@code [r z an n]}, {@code L} floats each,
 * where {@code an = W_hn h + b_hn}.
 */
final class GruKernels {
    private GruKernels() {}

    private static final int L = S.length();
    /** Floats per scratch slot: r, z, an, n. */
    private static final int SLOT = 4 * L;
    /** Where the staging area of a partial panel starts (see {@link LstmKernels} on staging). */
    private static final int STAGE = 3 * SLOT;
    /** The staging area: hPrev, pre (3), bias (3), h, gates (4): 12 vectors. */
    private static final int STAGE_SIZE = 12 * L;

    /** Hidden units {@code [unitFrom, unitTo)}: the panels they touch, storing only those units. */
    static void step(int unitFrom, int unitTo, int batch, Packed w, float[] hPrev, int hPrevOff, int ldhPrev,
                     float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                     float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        int hid = w.hidden();
        int k = w.k();
        int panel = k * 3 * L;
        float[] s = Scratch.get(STAGE + STAGE_SIZE);
        for (int u0 = unitFrom - unitFrom % L; u0 < unitTo; u0 += L) {
            int wo = (u0 / L) * panel;
            int lo = Math.max(u0, unitFrom);
            int hi = Math.min(u0 + L, unitTo);
            int r = 0;
            for (; r + 3 <= batch; r += 3) {
                rows3(k, w.data, wo, hPrev, hPrevOff + r * ldhPrev, ldhPrev, s);
                for (int j = 0; j < 3; j++) {
                    cell(s, j * SLOT, r + j, u0, lo, hi, hid, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias,
                            biasOff, h, hOff, ldh, gates, gatesOff);
                }
            }
            for (; r < batch; r++) {
                row1(k, w.data, wo, hPrev, hPrevOff + r * ldhPrev, s);
                cell(s, 0, r, u0, lo, hi, hid, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
                        h, hOff, ldh, gates, gatesOff);
            }
        }
    }

    /** One batch row, even and odd inputs in separate accumulators (6 FMA chains). */
    private static void row1(int k, float[] wd, int wo, float[] hPrev, int x, float[] s) {
        FloatVector r0 = FloatVector.zero(S), z0 = FloatVector.zero(S), n0 = FloatVector.zero(S);
        FloatVector r1 = FloatVector.zero(S), z1 = FloatVector.zero(S), n1 = FloatVector.zero(S);
        int p = 0;
        int wp = wo;
        for (; p + 2 <= k; p += 2, wp += 6 * L) {
            FloatVector x0 = FloatVector.broadcast(S, hPrev[x + p]);
            FloatVector x1 = FloatVector.broadcast(S, hPrev[x + p + 1]);
            r0 = FloatVector.fromArray(S, wd, wp).fma(x0, r0);
            z0 = FloatVector.fromArray(S, wd, wp + L).fma(x0, z0);
            n0 = FloatVector.fromArray(S, wd, wp + 2 * L).fma(x0, n0);
            r1 = FloatVector.fromArray(S, wd, wp + 3 * L).fma(x1, r1);
            z1 = FloatVector.fromArray(S, wd, wp + 4 * L).fma(x1, z1);
            n1 = FloatVector.fromArray(S, wd, wp + 5 * L).fma(x1, n1);
        }
        if (p < k) {
            FloatVector x0 = FloatVector.broadcast(S, hPrev[x + p]);
            r0 = FloatVector.fromArray(S, wd, wp).fma(x0, r0);
            z0 = FloatVector.fromArray(S, wd, wp + L).fma(x0, z0);
            n0 = FloatVector.fromArray(S, wd, wp + 2 * L).fma(x0, n0);
        }
        r0.add(r1).intoArray(s, 0);
        z0.add(z1).intoArray(s, L);
        n0.add(n1).intoArray(s, 2 * L);
    }

    /** Three batch rows: 9 accumulators, each weight vector loaded once for the three. */
    private static void rows3(int k, float[] wd, int wo, float[] hPrev, int x0, int ldhPrev, float[] s) {
        FloatVector r0 = FloatVector.zero(S), z0 = FloatVector.zero(S), n0 = FloatVector.zero(S);
        FloatVector r1 = FloatVector.zero(S), z1 = FloatVector.zero(S), n1 = FloatVector.zero(S);
        FloatVector r2 = FloatVector.zero(S), z2 = FloatVector.zero(S), n2 = FloatVector.zero(S);
        int x1 = x0 + ldhPrev;
        int x2 = x1 + ldhPrev;
        for (int p = 0, wp = wo; p < k; p++, wp += 3 * L) {
            FloatVector a0 = FloatVector.broadcast(S, hPrev[x0 + p]);
            FloatVector a1 = FloatVector.broadcast(S, hPrev[x1 + p]);
            FloatVector a2 = FloatVector.broadcast(S, hPrev[x2 + p]);
            FloatVector wv = FloatVector.fromArray(S, wd, wp);
            r0 = wv.fma(a0, r0);
            r1 = wv.fma(a1, r1);
            r2 = wv.fma(a2, r2);
            wv = FloatVector.fromArray(S, wd, wp + L);
            z0 = wv.fma(a0, z0);
            z1 = wv.fma(a1, z1);
            z2 = wv.fma(a2, z2);
            wv = FloatVector.fromArray(S, wd, wp + 2 * L);
            n0 = wv.fma(a0, n0);
            n1 = wv.fma(a1, n1);
            n2 = wv.fma(a2, n2);
        }
        r0.intoArray(s, 0);
        z0.intoArray(s, L);
        n0.intoArray(s, 2 * L);
        r1.intoArray(s, SLOT);
        z1.intoArray(s, SLOT + L);
        n1.intoArray(s, SLOT + 2 * L);
        r2.intoArray(s, 2 * SLOT);
        z2.intoArray(s, 2 * SLOT + L);
        n2.intoArray(s, 2 * SLOT + 2 * L);
    }

    /**
     * The GRU cell of batch row {@code r} for the panel of units {@code [u0, u0 + L)}, from the
     * recurrent sums in scratch slot {@code so}, storing units {@code [lo, hi)}: in place when that is
     * the whole panel, else through the staging area.
     */
    private static void cell(float[] s, int so, int r, int u0, int lo, int hi, int hid, float[] hPrev, int hPrevOff,
                             int ldhPrev, float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                             float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        int hpi = hPrevOff + r * ldhPrev + u0;
        int pi = preOff + r * ldPre + u0;
        int bi = biasOff + u0;
        int hOut = hOff + r * ldh + u0;
        int gi = gatesOff + 4 * r * hid + u0;
        if (lo == u0 && hi == u0 + L) {
            cell(s, so, hPrev, hpi, pre, pi, hid, bias, bi, hid, h, hOut, gates, gi, hid);
            return;
        }
        int valid = Math.min(L, hid - u0); // inputs exist up to H
        int from = lo - u0; // outputs are stored for [lo, hi) only
        int count = hi - lo;
        int shp = STAGE, sp = STAGE + L, sb = STAGE + 4 * L, sh = STAGE + 7 * L, sg = STAGE + 8 * L;
        Staging.in(hPrev, hpi, s, shp, valid);
        for (int q = 0; q < 3; q++) {
            if (pre != null) {
                Staging.in(pre, pi + q * hid, s, sp + q * L, valid);
            }
            if (bias != null) {
                Staging.in(bias, bi + q * hid, s, sb + q * L, valid);
            }
        }
        cell(s, so, s, shp, pre == null ? null : s, sp, L, bias == null ? null : s, sb, L, s, sh,
                gates == null ? null : s, sg, L);
        System.arraycopy(s, sh + from, h, hOut + from, count);
        if (gates != null) {
            for (int q = 0; q < 4; q++) {
                System.arraycopy(s, sg + q * L + from, gates, gi + q * hid + from, count);
            }
        }
    }

    /**
     * The GRU cell on full vectors: {@code hPrev} at {@code hpi}; gate {@code q} of {@code pre} at
     * {@code pi + q*ps} and of {@code bias} at {@code bi + q*bs} (either null for none); writes
     * {@code h} at {@code hi} and r, z, n, an to {@code g} at {@code gi + q*gs} ({@code g} null for none).
     */
    private static void cell(float[] s, int so, float[] hp, int hpi, float[] pre, int pi, int ps, float[] bias, int bi,
                             int bs, float[] h, int hi, float[] g, int gi, int gs) {
        if (bias != null) {
            FloatVector.fromArray(S, s, so).add(FloatVector.fromArray(S, bias, bi)).intoArray(s, so);
            FloatVector.fromArray(S, s, so + L).add(FloatVector.fromArray(S, bias, bi + bs)).intoArray(s, so + L);
            FloatVector.fromArray(S, s, so + 2 * L).add(FloatVector.fromArray(S, bias, bi + 2 * bs)).intoArray(s, so + 2 * L);
        }
        if (pre != null) {
            FloatVector.fromArray(S, pre, pi).add(FloatVector.fromArray(S, s, so)).intoArray(s, so);
            FloatVector.fromArray(S, pre, pi + ps).add(FloatVector.fromArray(S, s, so + L)).intoArray(s, so + L);
        }
        VectorMath.sigmoid(s, so, s, so, 2 * L);
        FloatVector rn = FloatVector.fromArray(S, s, so).mul(FloatVector.fromArray(S, s, so + 2 * L));
        (pre == null ? rn : FloatVector.fromArray(S, pre, pi + 2 * ps).add(rn)).intoArray(s, so + 3 * L);
        VectorMath.tanh(s, so + 3 * L, s, so + 3 * L, L);
        FloatVector z = FloatVector.fromArray(S, s, so + L);
        FloatVector n = FloatVector.fromArray(S, s, so + 3 * L);
        z.neg().add(1f).mul(n).add(z.mul(FloatVector.fromArray(S, hp, hpi))).intoArray(h, hi);
        if (g != null) {
            System.arraycopy(s, so, g, gi, L);
            System.arraycopy(s, so + L, g, gi + gs, L);
            System.arraycopy(s, so + 3 * L, g, gi + 2 * gs, L);
            System.arraycopy(s, so + 2 * L, g, gi + 3 * gs, L);
        }
    }

    /** See {@link dev.jlstm.core.Backend#gruStepBackward}; the same operations as the scalar backend, in the same order. */
    static void stepBackward(int batch, int hid, float[] gates, int gatesOff, float[] hPrev, int hPrevOff, int ldhPrev,
                             float[] dh, int dhOff, int lddh, float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                             float[] dhPrev, int dhPrevOff) {
        // Staging for a partial last chunk: gates (4), hPrev, dh, dPre (3), dRec (3), dhPrev.
        float[] s = Scratch.get(13 * L);
        for (int r = 0; r < batch; r++) {
            for (int u0 = 0; u0 < hid; u0 += L) {
                int gi = gatesOff + 4 * r * hid + u0;
                int hpi = hPrevOff + r * ldhPrev + u0;
                int dhi = dhOff + r * lddh + u0;
                int pi = dPreOff + 3 * r * hid + u0;
                int qi = dRecOff + 3 * r * hid + u0;
                int di = dhPrevOff + r * hid + u0;
                int valid = Math.min(L, hid - u0);
                if (valid == L) {
                    backwardChunk(gates, gi, hid, hPrev, hpi, dh, dhi, dPre, pi, dRec, qi, hid, dhPrev, di);
                    continue;
                }
                for (int q = 0; q < 4; q++) {
                    Staging.in(gates, gi + q * hid, s, q * L, valid);
                }
                Staging.in(hPrev, hpi, s, 4 * L, valid);
                Staging.in(dh, dhi, s, 5 * L, valid);
                backwardChunk(s, 0, L, s, 4 * L, s, 5 * L, s, 6 * L, s, 9 * L, L, s, 12 * L);
                for (int q = 0; q < 3; q++) {
                    System.arraycopy(s, 6 * L + q * L, dPre, pi + q * hid, valid);
                    System.arraycopy(s, 9 * L + q * L, dRec, qi + q * hid, valid);
                }
                System.arraycopy(s, 12 * L, dhPrev, di, valid);
            }
        }
    }

    /** One vector of units: r, z, n, an at {@code gi + q*gs}; writes dPre, dRec ({@code q*ds} apart) and dhPrev. */
    private static void backwardChunk(float[] g, int gi, int gs, float[] hPrev, int hpi, float[] dh, int dhi,
                                      float[] dPre, int pi, float[] dRec, int qi, int ds, float[] dhPrev, int di) {
        FloatVector rg = FloatVector.fromArray(S, g, gi);
        FloatVector z = FloatVector.fromArray(S, g, gi + gs);
        FloatVector n = FloatVector.fromArray(S, g, gi + 2 * gs);
        FloatVector an = FloatVector.fromArray(S, g, gi + 3 * gs);
        FloatVector d = FloatVector.fromArray(S, dh, dhi);
        FloatVector hp = FloatVector.fromArray(S, hPrev, hpi);
        FloatVector dN = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
        FloatVector dR = dN.mul(an).mul(rg).mul(rg.neg().add(1f));
        FloatVector dZ = d.mul(hp.sub(n)).mul(z).mul(z.neg().add(1f));
        dR.intoArray(dPre, pi);
        dZ.intoArray(dPre, pi + ds);
        dN.intoArray(dPre, pi + 2 * ds);
        dR.intoArray(dRec, qi);
        dZ.intoArray(dRec, qi + ds);
        dN.mul(rg).intoArray(dRec, qi + 2 * ds);
        d.mul(z).intoArray(dhPrev, di);
    }
}
