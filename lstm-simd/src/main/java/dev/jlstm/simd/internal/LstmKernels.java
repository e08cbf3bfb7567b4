package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;
import static dev.jlstm.simd.internal.VectorOps.load;
import static dev.jlstm.simd.internal.VectorOps.store;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The fused LSTM step and its elementwise backward.
 *
 * <p>Forward: for each panel of {@code L} hidden units ({@link GateLayout}), the gate
 * pre-activations of a few batch rows are accumulated in registers over the whole input, staged in
 * an L1-resident scratch slot, and the cell ({@link #cell}) turns them into c and h before the next
 * panel is read. Panels are the outer loop so that a panel is streamed from memory once per step
 * and re-read from cache for the other rows.
 *
 * <p>A scratch slot holds, for one batch row and one panel, {@code [i f o g tanh(c)]}, {@code L}
 * floats each: the three sigmoid gates first, so that one call applies them.
 */
final class LstmKernels {
    private LstmKernels() {}

    private static final int L = S.length();
    /** Floats per scratch slot: i, f, o, g, tanh(c). */
    private static final int SLOT = 5 * L;

    static void step(int batch, Packed w, float[] in, int inOff, int ldIn,
                     float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                     float[] c, int cOff, float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        int hid = w.hidden();
        int k = w.k();
        int panel = k * 4 * L;
        float[] s = Scratch.get(3 * SLOT);
        for (int u0 = 0, wo = 0; u0 < hid; u0 += L, wo += panel) {
            int r = 0;
            for (; r + 3 <= batch; r += 3) {
                rows3(k, w.data, wo, in, inOff + r * ldIn, ldIn, s);
                for (int j = 0; j < 3; j++) {
                    cell(s, j * SLOT, r + j, u0, hid, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff, h, hOff, ldh,
                            gates, gatesOff);
                }
            }
            for (; r < batch; r++) {
                row1(k, w.data, wo, in, inOff + r * ldIn, s);
                cell(s, 0, r, u0, hid, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff, h, hOff, ldh, gates, gatesOff);
            }
        }
    }

    /** One batch row; the input is split into even and odd elements so that 8 FMA chains run at once. */
    private static void row1(int k, float[] wd, int wo, float[] in, int x, float[] s) {
        FloatVector i0 = FloatVector.zero(S), f0 = FloatVector.zero(S), g0 = FloatVector.zero(S), o0 = FloatVector.zero(S);
        FloatVector i1 = FloatVector.zero(S), f1 = FloatVector.zero(S), g1 = FloatVector.zero(S), o1 = FloatVector.zero(S);
        int p = 0;
        int wp = wo;
        for (; p + 2 <= k; p += 2, wp += 8 * L) {
            FloatVector x0 = FloatVector.broadcast(S, in[x + p]);
            FloatVector x1 = FloatVector.broadcast(S, in[x + p + 1]);
            i0 = FloatVector.fromArray(S, wd, wp).fma(x0, i0);
            f0 = FloatVector.fromArray(S, wd, wp + L).fma(x0, f0);
            g0 = FloatVector.fromArray(S, wd, wp + 2 * L).fma(x0, g0);
            o0 = FloatVector.fromArray(S, wd, wp + 3 * L).fma(x0, o0);
            i1 = FloatVector.fromArray(S, wd, wp + 4 * L).fma(x1, i1);
            f1 = FloatVector.fromArray(S, wd, wp + 5 * L).fma(x1, f1);
            g1 = FloatVector.fromArray(S, wd, wp + 6 * L).fma(x1, g1);
            o1 = FloatVector.fromArray(S, wd, wp + 7 * L).fma(x1, o1);
        }
        if (p < k) {
            FloatVector x0 = FloatVector.broadcast(S, in[x + p]);
            i0 = FloatVector.fromArray(S, wd, wp).fma(x0, i0);
            f0 = FloatVector.fromArray(S, wd, wp + L).fma(x0, f0);
            g0 = FloatVector.fromArray(S, wd, wp + 2 * L).fma(x0, g0);
            o0 = FloatVector.fromArray(S, wd, wp + 3 * L).fma(x0, o0);
        }
        // Staged in the slot's order i, f, o, g (stores inline: no vector crosses a call).
        i0.add(i1).intoArray(s, 0);
        f0.add(f1).intoArray(s, L);
        o0.add(o1).intoArray(s, 2 * L);
        g0.add(g1).intoArray(s, 3 * L);
    }

    /** Three batch rows: 12 accumulators; each weight vector is loaded once and used three times. */
    private static void rows3(int k, float[] wd, int wo, float[] in, int x, int ldIn, float[] s) {
        FloatVector i0 = FloatVector.zero(S), f0 = FloatVector.zero(S), g0 = FloatVector.zero(S), o0 = FloatVector.zero(S);
        FloatVector i1 = FloatVector.zero(S), f1 = FloatVector.zero(S), g1 = FloatVector.zero(S), o1 = FloatVector.zero(S);
        FloatVector i2 = FloatVector.zero(S), f2 = FloatVector.zero(S), g2 = FloatVector.zero(S), o2 = FloatVector.zero(S);
        int x1 = x + ldIn;
        int x2 = x + 2 * ldIn;
        for (int p = 0, wp = wo; p < k; p++, wp += 4 * L) {
            FloatVector a0 = FloatVector.broadcast(S, in[x + p]);
            FloatVector a1 = FloatVector.broadcast(S, in[x1 + p]);
            FloatVector a2 = FloatVector.broadcast(S, in[x2 + p]);
            FloatVector wv = FloatVector.fromArray(S, wd, wp);
            i0 = wv.fma(a0, i0);
            i1 = wv.fma(a1, i1);
            i2 = wv.fma(a2, i2);
            wv = FloatVector.fromArray(S, wd, wp + L);
            f0 = wv.fma(a0, f0);
            f1 = wv.fma(a1, f1);
            f2 = wv.fma(a2, f2);
            wv = FloatVector.fromArray(S, wd, wp + 2 * L);
            g0 = wv.fma(a0, g0);
            g1 = wv.fma(a1, g1);
            g2 = wv.fma(a2, g2);
            wv = FloatVector.fromArray(S, wd, wp + 3 * L);
            o0 = wv.fma(a0, o0);
            o1 = wv.fma(a1, o1);
            o2 = wv.fma(a2, o2);
        }
        // Staged in the slot's order i, f, o, g (stores inline: no vector crosses a call).
        i0.intoArray(s, 0);
        f0.intoArray(s, L);
        o0.intoArray(s, 2 * L);
        g0.intoArray(s, 3 * L);
        i1.intoArray(s, SLOT);
        f1.intoArray(s, SLOT + L);
        o1.intoArray(s, SLOT + 2 * L);
        g1.intoArray(s, SLOT + 3 * L);
        i2.intoArray(s, 2 * SLOT);
        f2.intoArray(s, 2 * SLOT + L);
        o2.intoArray(s, 2 * SLOT + 2 * L);
        g2.intoArray(s, 2 * SLOT + 3 * L);
    }

    /**
     * The cell of batch row {@code r}, units {@code [u0, u0 + L)}, from the gate sums in scratch slot
     * {@code so}: adds {@code pre}, applies the gate nonlinearities, updates {@code c} and {@code h},
     * and saves the gates when asked. Takes no vector arguments and keeps none alive across its calls
     * (see {@link VectorMath} for why).
     */
    private static void cell(float[] s, int so, int r, int u0, int hid, float[] pre, int preOff, int ldPre,
                             float[] cPrev, int cPrevOff, float[] c, int cOff, float[] h, int hOff, int ldh,
                             float[] gates, int gatesOff) {
        VectorMask<Float> m = u0 + L <= hid ? null : S.indexInRange(u0, hid);
        if (pre != null) {
            int po = preOff + r * ldPre + u0; // PyTorch's order i, f, g, o; the slot's i, f, o, g
            addInto(s, so, pre, po, m);
            addInto(s, so + L, pre, po + hid, m);
            addInto(s, so + 2 * L, pre, po + 3 * hid, m);
            addInto(s, so + 3 * L, pre, po + 2 * hid, m);
        }
        VectorMath.sigmoid(s, so, s, so, 3 * L);
        VectorMath.tanh(s, so + 3 * L, s, so + 3 * L, L);
        int st = r * hid + u0;
        FloatVector cn = load(s, so + L, null).mul(load(cPrev, cPrevOff + st, m))
                .add(load(s, so, null).mul(load(s, so + 3 * L, null)));
        store(cn, c, cOff + st, m);
        cn.intoArray(s, so + 4 * L);
        VectorMath.tanh(s, so + 4 * L, s, so + 4 * L, L);
        store(load(s, so + 2 * L, null).mul(load(s, so + 4 * L, null)), h, hOff + r * ldh + u0, m);
        if (gates != null) {
            int go = gatesOff + 4 * r * hid + u0;
            store(load(s, so, null), gates, go, m);
            store(load(s, so + L, null), gates, go + hid, m);
            store(load(s, so + 3 * L, null), gates, go + 2 * hid, m);
            store(load(s, so + 2 * L, null), gates, go + 3 * hid, m);
        }
    }

    /** {@code s[so..] += a[ao..]} over one vector, {@code a} read under the mask. */
    private static void addInto(float[] s, int so, float[] a, int ao, VectorMask<Float> m) {
        load(s, so, null).add(load(a, ao, m)).intoArray(s, so);
    }

    /** See {@link dev.jlstm.core.Backend#lstmStepBackward}; the same operations as the scalar backend, in the same order. */
    static void stepBackward(int batch, int hid, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                             float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                             float[] dGates, int dGatesOff) {
        float[] tanhC = Scratch.get(hid);
        for (int r = 0; r < batch; r++) {
            VectorMath.tanh(c, cOff + r * hid, tanhC, 0, hid);
            for (int u0 = 0; u0 < hid; u0 += L) {
                VectorMask<Float> m = u0 + L <= hid ? null : S.indexInRange(u0, hid);
                int go = gatesOff + 4 * r * hid + u0;
                FloatVector i = load(gates, go, m);
                FloatVector f = load(gates, go + hid, m);
                FloatVector g = load(gates, go + 2 * hid, m);
                FloatVector o = load(gates, go + 3 * hid, m);
                int s = r * hid + u0;
                FloatVector tc = load(tanhC, u0, m);
                FloatVector dhv = load(dh, dhOff + r * lddh + u0, m);
                FloatVector dct = load(dc, dcOff + s, m).add(dhv.mul(o).mul(tc.mul(tc).neg().add(1f)));
                store(dct.mul(f), dc, dcOff + s, m);
                int d = dGatesOff + 4 * r * hid + u0;
                store(dct.mul(g).mul(i).mul(i.neg().add(1f)), dGates, d, m);
                store(dct.mul(load(cPrev, cPrevOff + s, m)).mul(f).mul(f.neg().add(1f)), dGates, d + hid, m);
                store(dct.mul(i).mul(g.mul(g).neg().add(1f)), dGates, d + 2 * hid, m);
                store(dhv.mul(tc).mul(o).mul(o.neg().add(1f)), dGates, d + 3 * hid, m);
            }
        }
    }
}
