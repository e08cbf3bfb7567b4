package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;
import static dev.jlstm.simd.internal.VectorOps.load;
import static dev.jlstm.simd.internal.VectorOps.store;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

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

    static void step(int batch, Packed w, float[] hPrev, int hPrevOff, int ldhPrev,
                     float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                     float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        int hid = w.hidden();
        int k = w.k();
        int panel = k * 3 * L;
        float[] s = Scratch.get(3 * SLOT);
        for (int u0 = 0, wo = 0; u0 < hid; u0 += L, wo += panel) {
            int r = 0;
            for (; r + 3 <= batch; r += 3) {
                rows3(k, w.data, wo, hPrev, hPrevOff + r * ldhPrev, ldhPrev, s);
                for (int j = 0; j < 3; j++) {
                    cell(s, j * SLOT, r + j, u0, hid, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
                            h, hOff, ldh, gates, gatesOff);
                }
            }
            for (; r < batch; r++) {
                row1(k, w.data, wo, hPrev, hPrevOff + r * ldhPrev, s);
                cell(s, 0, r, u0, hid, hPrev, hPrevOff, ldhPrev, pre, preOff, ldPre, bias, biasOff,
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
     * The GRU cell of batch row {@code r}, units {@code [u0, u0 + L)}, from the recurrent sums in
     * scratch slot {@code so}. Takes no vector arguments and keeps none alive across its calls.
     */
    private static void cell(float[] s, int so, int r, int u0, int hid, float[] hPrev, int hPrevOff, int ldhPrev,
                             float[] pre, int preOff, int ldPre, float[] bias, int biasOff,
                             float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        VectorMask<Float> m = u0 + L <= hid ? null : S.indexInRange(u0, hid);
        if (bias != null) {
            int bo = biasOff + u0;
            addInto(s, so, bias, bo, m);
            addInto(s, so + L, bias, bo + hid, m);
            addInto(s, so + 2 * L, bias, bo + 2 * hid, m);
        }
        int po = preOff + r * ldPre + u0;
        if (pre != null) {
            addInto(s, so, pre, po, m);
            addInto(s, so + L, pre, po + hid, m);
        }
        VectorMath.sigmoid(s, so, s, so, 2 * L);
        FloatVector rn = load(s, so, null).mul(load(s, so + 2 * L, null));
        (pre == null ? rn : load(pre, po + 2 * hid, m).add(rn)).intoArray(s, so + 3 * L);
        VectorMath.tanh(s, so + 3 * L, s, so + 3 * L, L);
        FloatVector z = load(s, so + L, null);
        FloatVector n = load(s, so + 3 * L, null);
        FloatVector hp = load(hPrev, hPrevOff + r * ldhPrev + u0, m);
        store(z.neg().add(1f).mul(n).add(z.mul(hp)), h, hOff + r * ldh + u0, m);
        if (gates != null) {
            int go = gatesOff + 4 * r * hid + u0;
            store(load(s, so, null), gates, go, m);
            store(z, gates, go + hid, m);
            store(n, gates, go + 2 * hid, m);
            store(load(s, so + 2 * L, null), gates, go + 3 * hid, m);
        }
    }

    /** {@code s[so..] += a[ao..]} over one vector, {@code a} read under the mask. */
    private static void addInto(float[] s, int so, float[] a, int ao, VectorMask<Float> m) {
        load(s, so, null).add(load(a, ao, m)).intoArray(s, so);
    }

    /** See {@link dev.jlstm.core.Backend#gruStepBackward}; the same operations as the scalar backend, in the same order. */
    static void stepBackward(int batch, int hid, float[] gates, int gatesOff, float[] hPrev, int hPrevOff, int ldhPrev,
                             float[] dh, int dhOff, int lddh, float[] dPre, int dPreOff, float[] dRec, int dRecOff,
                             float[] dhPrev, int dhPrevOff) {
        for (int r = 0; r < batch; r++) {
            for (int u0 = 0; u0 < hid; u0 += L) {
                VectorMask<Float> m = u0 + L <= hid ? null : S.indexInRange(u0, hid);
                int go = gatesOff + 4 * r * hid + u0;
                FloatVector rg = load(gates, go, m);
                FloatVector z = load(gates, go + hid, m);
                FloatVector n = load(gates, go + 2 * hid, m);
                FloatVector an = load(gates, go + 3 * hid, m);
                FloatVector d = load(dh, dhOff + r * lddh + u0, m);
                FloatVector hp = load(hPrev, hPrevOff + r * ldhPrev + u0, m);
                FloatVector dN = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
                FloatVector dR = dN.mul(an).mul(rg).mul(rg.neg().add(1f));
                FloatVector dZ = d.mul(hp.sub(n)).mul(z).mul(z.neg().add(1f));
                int p0 = dPreOff + 3 * r * hid + u0;
                store(dR, dPre, p0, m);
                store(dZ, dPre, p0 + hid, m);
                store(dN, dPre, p0 + 2 * hid, m);
                int q0 = dRecOff + 3 * r * hid + u0;
                store(dR, dRec, q0, m);
                store(dZ, dRec, q0 + hid, m);
                store(dN.mul(rg), dRec, q0 + 2 * hid, m);
                store(d.mul(z), dhPrev, dhPrevOff + r * hid + u0, m);
            }
        }
    }
}
