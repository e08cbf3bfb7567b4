package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;

import jdk.incubator.vector.FloatVector;

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
 *
 * <p>Every vector load and store here is a full one. The last panel of a hidden size that is not a
 * multiple of {@code L} is staged: its inputs copied into a padded scratch area, the same code run
 * there, its outputs copied back. Masked loads and stores would do it in place, but JDK 17
 * compiles masked stores to a scalar loop that allocates; and helpers that take or return vectors
 * are avoided for the reason {@link VectorMath} gives.
 */
final class LstmKernels {
    private LstmKernels() {}

    private static final int L = S.length();
    /** Floats per scratch slot: i, f, o, g, tanh(c). */
    private static final int SLOT = 5 * L;
    /** Where the staging area of a partial panel starts: after three slots. */
    private static final int STAGE = 3 * SLOT;
    /** The staging area: pre (4 gates), cPrev, c, h, gates (4): 11 vectors. */
    private static final int STAGE_SIZE = 11 * L;

    /** Hidden units {@code [unitFrom, unitTo)}: the panels they touch, storing only those units. */
    static void step(int unitFrom, int unitTo, int batch, Packed w, float[] in, int inOff, int ldIn,
                     float[] pre, int preOff, int ldPre, float[] cPrev, int cPrevOff,
                     float[] c, int cOff, float[] h, int hOff, int ldh, float[] gates, int gatesOff) {
        int hid = w.hidden();
        int k = w.k();
        int panel = k * 4 * L;
        float[] s = Scratch.get(STAGE + STAGE_SIZE);
        for (int u0 = unitFrom - unitFrom % L; u0 < unitTo; u0 += L) {
            int wo = (u0 / L) * panel;
            int lo = Math.max(u0, unitFrom);
            int hi = Math.min(u0 + L, unitTo);
            int r = 0;
            for (; r + 3 <= batch; r += 3) {
                rows3(k, w.data, wo, in, inOff + r * ldIn, ldIn, s);
                for (int j = 0; j < 3; j++) {
                    cell(s, j * SLOT, r + j, u0, lo, hi, hid, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff, h, hOff, ldh,
                            gates, gatesOff);
                }
            }
            for (; r < batch; r++) {
                row1(k, w.data, wo, in, inOff + r * ldIn, s);
                cell(s, 0, r, u0, lo, hi, hid, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff, h, hOff, ldh,
                        gates, gatesOff);
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
     * The cell of batch row {@code r} for the panel of units {@code [u0, u0 + L)}, from the gate sums in
     * scratch slot {@code so}, storing units {@code [lo, hi)}: in place when that is the whole panel,
     * else through the staging area.
     */
    private static void cell(float[] s, int so, int r, int u0, int lo, int hi, int hid, float[] pre, int preOff,
                             int ldPre, float[] cPrev, int cPrevOff, float[] c, int cOff, float[] h, int hOff, int ldh,
                             float[] gates, int gatesOff) {
        int pi = preOff + r * ldPre + u0;
        int st = r * hid + u0;
        int hOut = hOff + r * ldh + u0;
        int gi = gatesOff + 4 * r * hid + u0;
        if (lo == u0 && hi == u0 + L) {
            cell(s, so, pre, pi, hid, cPrev, cPrevOff + st, c, cOff + st, h, hOut, gates, gi, hid);
            return;
        }
        int valid = Math.min(L, hid - u0); // inputs exist up to H
        int from = lo - u0; // outputs are stored for [lo, hi) only
        int count = hi - lo;
        int sp = STAGE, scp = STAGE + 4 * L, sc = STAGE + 5 * L, sh = STAGE + 6 * L, sg = STAGE + 7 * L;
        if (pre != null) {
            for (int q = 0; q < 4; q++) {
                Staging.in(pre, pi + q * hid, s, sp + q * L, valid);
            }
        }
        Staging.in(cPrev, cPrevOff + st, s, scp, valid);
        cell(s, so, pre == null ? null : s, sp, L, s, scp, s, sc, s, sh, gates == null ? null : s, sg, L);
        System.arraycopy(s, sc + from, c, cOff + st + from, count);
        System.arraycopy(s, sh + from, h, hOut + from, count);
        if (gates != null) {
            for (int q = 0; q < 4; q++) {
                System.arraycopy(s, sg + q * L + from, gates, gi + q * hid + from, count);
            }
        }
    }

    /**
     * The cell on full vectors: gate {@code q} of {@code pre} at {@code pi + q*ps} (PyTorch order
     * i, f, g, o; {@code pre} null for none), {@code cPrev} at {@code cpi}; writes {@code c} at
     * {@code ci}, {@code h} at {@code hi}, and gate {@code q} to {@code g} at {@code gi + q*gs} ({@code g}
     * null for none). {@code c} may be {@code cPrev}.
     */
    private static void cell(float[] s, int so, float[] pre, int pi, int ps, float[] cp, int cpi, float[] c, int ci,
                             float[] h, int hi, float[] g, int gi, int gs) {
        if (pre != null) { // the slot holds i, f, o, g
            FloatVector.fromArray(S, s, so).add(FloatVector.fromArray(S, pre, pi)).intoArray(s, so);
            FloatVector.fromArray(S, s, so + L).add(FloatVector.fromArray(S, pre, pi + ps)).intoArray(s, so + L);
            FloatVector.fromArray(S, s, so + 2 * L).add(FloatVector.fromArray(S, pre, pi + 3 * ps)).intoArray(s, so + 2 * L);
            FloatVector.fromArray(S, s, so + 3 * L).add(FloatVector.fromArray(S, pre, pi + 2 * ps)).intoArray(s, so + 3 * L);
        }
        VectorMath.sigmoid(s, so, s, so, 3 * L);
        VectorMath.tanh(s, so + 3 * L, s, so + 3 * L, L);
        FloatVector cn = FloatVector.fromArray(S, s, so + L).mul(FloatVector.fromArray(S, cp, cpi))
                .add(FloatVector.fromArray(S, s, so).mul(FloatVector.fromArray(S, s, so + 3 * L)));
        cn.intoArray(c, ci);
        cn.intoArray(s, so + 4 * L);
        VectorMath.tanh(s, so + 4 * L, s, so + 4 * L, L);
        FloatVector.fromArray(S, s, so + 2 * L).mul(FloatVector.fromArray(S, s, so + 4 * L)).intoArray(h, hi);
        if (g != null) {
            System.arraycopy(s, so, g, gi, L);
            System.arraycopy(s, so + L, g, gi + gs, L);
            System.arraycopy(s, so + 3 * L, g, gi + 2 * gs, L);
            System.arraycopy(s, so + 2 * L, g, gi + 3 * gs, L);
        }
    }

    /** See {@link dev.jlstm.core.Backend#lstmStepBackward}; the same operations as the scalar backend, in the same order. */
    static void stepBackward(int batch, int hid, float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                             float[] c, int cOff, float[] dh, int dhOff, int lddh, float[] dc, int dcOff,
                             float[] dGates, int dGatesOff) {
        // tanh(c) of one row, then a staging area for a partial last chunk: gates (4), cPrev, tanh(c),
        // dh, dc, dGates (4).
        float[] s = Scratch.get(hid + 12 * L);
        int st = hid;
        for (int r = 0; r < batch; r++) {
            VectorMath.tanh(c, cOff + r * hid, s, 0, hid);
            for (int u0 = 0; u0 < hid; u0 += L) {
                int gi = gatesOff + 4 * r * hid + u0;
                int ri = r * hid + u0;
                int di = dGatesOff + 4 * r * hid + u0;
                int dhi = dhOff + r * lddh + u0;
                int valid = Math.min(L, hid - u0);
                if (valid == L) {
                    backwardChunk(gates, gi, hid, cPrev, cPrevOff + ri, s, u0, dh, dhi, dc, dcOff + ri, dGates, di, hid);
                    continue;
                }
                for (int q = 0; q < 4; q++) {
                    Staging.in(gates, gi + q * hid, s, st + q * L, valid);
                }
                Staging.in(cPrev, cPrevOff + ri, s, st + 4 * L, valid);
                Staging.in(s, u0, s, st + 5 * L, valid);
                Staging.in(dh, dhi, s, st + 6 * L, valid);
                Staging.in(dc, dcOff + ri, s, st + 7 * L, valid);
                backwardChunk(s, st, L, s, st + 4 * L, s, st + 5 * L, s, st + 6 * L, s, st + 7 * L, s, st + 8 * L, L);
                System.arraycopy(s, st + 7 * L, dc, dcOff + ri, valid);
                for (int q = 0; q < 4; q++) {
                    System.arraycopy(s, st + 8 * L + q * L, dGates, di + q * hid, valid);
                }
            }
        }
    }

    /**
     * One vector of units: gate {@code q} at {@code gi + q*gs}, {@code cPrev} at {@code cpi},
     * {@code tanh(c)} at {@code ti}, {@code dh} at {@code dhi}, {@code dc} (read, then overwritten)
     * at {@code dci}; gate gradient {@code q} to {@code dG} at {@code di + q*ds}.
     */
    private static void backwardChunk(float[] g, int gi, int gs, float[] cp, int cpi, float[] t, int ti,
                                      float[] dh, int dhi, float[] dc, int dci, float[] dG, int di, int ds) {
        FloatVector i = FloatVector.fromArray(S, g, gi);
        FloatVector f = FloatVector.fromArray(S, g, gi + gs);
        FloatVector gg = FloatVector.fromArray(S, g, gi + 2 * gs);
        FloatVector o = FloatVector.fromArray(S, g, gi + 3 * gs);
        FloatVector tc = FloatVector.fromArray(S, t, ti);
        FloatVector dhv = FloatVector.fromArray(S, dh, dhi);
        FloatVector dct = FloatVector.fromArray(S, dc, dci).add(dhv.mul(o).mul(tc.mul(tc).neg().add(1f)));
        dct.mul(f).intoArray(dc, dci);
        dct.mul(gg).mul(i).mul(i.neg().add(1f)).intoArray(dG, di);
        dct.mul(FloatVector.fromArray(S, cp, cpi)).mul(f).mul(f.neg().add(1f)).intoArray(dG, di + ds);
        dct.mul(i).mul(gg.mul(gg).neg().add(1f)).intoArray(dG, di + 2 * ds);
        dhv.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(dG, di + 3 * ds);
    }
}
