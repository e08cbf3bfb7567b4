package dev.jlstm.models.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.PackedMatrix;
import dev.jlstm.models.CellType;
import dev.jlstm.models.Parameter;
import java.util.Arrays;

/**
 * One direction of one recurrent layer over a batch of sequences: the forward pass, with what the
 * backward pass needs, and the backward pass.
 *
 * <p>Forward: the input projection of all {@code T*B} rows is one product, then each step is one
 * fused kernel call (recurrent product, gates, state update). Backward: the gate gradients of each
 * step come from the elementwise kernel and one small product with {@code W_hh}; the weight
 * gradients are then three large products over all steps at once. The large products are split
 * over up to {@code share} threads of {@link Workers}; the steps run on the calling thread.
 *
 * <p>Variable lengths: a row is <em>active</em> at step {@code t} when {@code t < lengths[row]}. The
 * kernels run on every row; an inactive row then gets its state back (so it is frozen: the forward
 * direction keeps its final state, the reverse direction starts from {@code h0} at its own last step),
 * a zero output, and in backward zero gate gradients and a gradient that passes through unchanged.
 *
 * <p>States are kept in slots: slot {@code t} holds the state before step {@code t} for the forward
 * direction, and slot {@code t + 1} holds it for the reverse one, so that in both the states that
 * step {@code t} reads, for all {@code t}, are one contiguous block that lines up with the inputs.
 */
public final class Direction {
    private final CellType cell;
    private final int inputSize;
    private final int hidden;
    private final boolean reverse;
    private final Parameter wIh;
    private final Parameter wHh;
    private final Parameter bIh;
    private final Parameter bHh;
    private volatile Packs packs;
    /** {@code W_hh} packed in column slices, one per part of a shared backward step. */
    private volatile Slices slices;

    private record Slices(Packs of, int parts, PackedMatrix[] recurrentGradient) {}

    /** The weights packed for one backend, from one version of the parameters. */
    private record Packs(Backend backend, long version, PackedMatrix inputProjection, PackedMatrix recurrent,
                         PackedMatrix inputGradient, PackedMatrix recurrentGradient, PackedMatrix streaming,
                         float[] preBias, float[] recurrentBias) {}

    /** What backward needs from a forward pass, and its results. */
    public static final class Pass {
        final int steps;
        final int batch;
        final int[] lengths;
        final float[] x;
        final float[] hs;
        final float[] cs;
        final float[] gates;
        /** Outputs {@code [T x B x H]}, zero at inactive steps. */
        public final float[] out;
        /** Final hidden state {@code [B x H]}. */
        public final float[] hn;
        /** Final cell state {@code [B x H]} (LSTM), else null. */
        public final float[] cn;

        Pass(int steps, int batch, int[] lengths, float[] x, float[] hs, float[] cs, float[] gates,
             float[] out, float[] hn, float[] cn) {
            this.steps = steps;
            this.batch = batch;
            this.lengths = lengths;
            this.x = x;
            this.hs = hs;
            this.cs = cs;
            this.gates = gates;
            this.out = out;
            this.hn = hn;
            this.cn = cn;
        }
    }

    /**
     * @param bIh {@code null} together with {@code bHh} for a layer without biases
     */
    public Direction(CellType cell, int inputSize, int hidden, boolean reverse,
                     Parameter wIh, Parameter wHh, Parameter bIh, Parameter bHh) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.reverse = reverse;
        this.wIh = wIh;
        this.wHh = wHh;
        this.bIh = bIh;
        this.bHh = bHh;
    }

    private long version() {
        long v = wIh.version() + (long) wHh.version();
        return bIh == null ? v : v + bIh.version() + bHh.version();
    }

    /** The packed weights for this backend and the current parameter values; packs them if needed. */
    private Packs packs(Backend be) {
        Packs p = packs;
        long v = version();
        if (p != null && p.backend == be && p.version == v) {
            return p;
        }
        synchronized (this) {
            p = packs;
            if (p == null || p.backend != be || p.version != v) {
                p = pack(be, v);
                packs = p;
            }
            return p;
        }
    }

    private Packs pack(Backend be, long v) {
        int g = cell.gates() * hidden;
        float[] wi = wIh.value();
        float[] wh = wHh.value();
        float[] preBias = null;
        float[] recBias = null;
        if (bIh != null) {
            preBias = bIh.value().clone();
            if (cell == CellType.LSTM) {
                for (int j = 0; j < g; j++) {
                    preBias[j] += bHh.value()[j];
                }
            } else {
                recBias = bHh.value().clone(); // inside r * (W_hn h + b_hn): cannot be merged
            }
        }
        PackedMatrix streaming = null;
        if (cell == CellType.LSTM) {
            int k = inputSize + hidden;
            float[] both = new float[g * k];
            for (int j = 0; j < g; j++) {
                System.arraycopy(wi, j * inputSize, both, j * k, inputSize);
                System.arraycopy(wh, j * hidden, both, j * k + inputSize, hidden);
            }
            streaming = be.packGates(4, hidden, k, both, 0, k);
        }
        return new Packs(be, v,
                be.pack(true, inputSize, g, wi, 0, inputSize),
                be.packGates(cell.gates(), hidden, hidden, wh, 0, hidden),
                be.pack(false, g, inputSize, wi, 0, inputSize),
                be.pack(false, g, hidden, wh, 0, hidden),
                streaming, preBias, recBias);
    }

    /** {@code W_hh [g x H]} packed as {@code parts} column slices at the part boundaries. */
    private PackedMatrix[] recurrentGradientSlices(Backend be, Packs pk, int parts) {
        Slices sl = slices;
        if (sl != null && sl.of == pk && sl.parts == parts) {
            return sl.recurrentGradient;
        }
        int g = cell.gates() * hidden;
        PackedMatrix[] m = new PackedMatrix[parts];
        for (int i = 0; i < parts; i++) {
            int from = Workers.partStart(i, parts, hidden);
            int to = Workers.partStart(i + 1, parts, hidden);
            m[i] = be.pack(false, g, to - from, wHh.value(), from, hidden);
        }
        slices = new Slices(pk, parts, m);
        return m;
    }

    private int slot(int i, int slots) {
        return slots == 2 ? i & 1 : i;
    }

    private static boolean active(int[] lengths, int row, int t) {
        return lengths == null || t < lengths[row];
    }

    /**
     * Runs the direction over {@code x [T x B x X]}.
     *
     * @param h0       initial hidden state {@code [B x H]} at {@code h0Off}, or null for zeros
     * @param c0       initial cell state (LSTM), or null for zeros
     * @param training whether to keep what {@link #backward} needs
     */
    public Pass forward(Backend be, Workers workers, int share, float[] x, int steps, int batch, int[] lengths,
                        float[] h0, int h0Off, float[] c0, int c0Off, boolean training) {
        Packs pk = packs(be);
        int bh = batch * hidden;
        int g = cell.gates() * hidden;
        int rows = steps * batch;
        float[] pre = new float[rows * g];
        if (pk.preBias != null) {
            be.fillRows(rows, g, pk.preBias, 0, pre, 0, g);
        }
        workers.gemmRows(share, be, rows, x, 0, inputSize, pk.inputProjection, pre, 0, g);

        int slots = training ? steps + 1 : 2;
        float[] hs = new float[slots * bh];
        float[] cs = cell == CellType.LSTM ? new float[slots * bh] : null;
        float[] gates = training ? new float[rows * 4 * hidden] : null;
        int first = slot(reverse ? steps : 0, slots);
        if (h0 != null) {
            System.arraycopy(h0, h0Off, hs, first * bh, bh);
        }
        if (cs != null && c0 != null) {
            System.arraycopy(c0, c0Off, cs, first * bh, bh);
        }
        float[] out = new float[rows * hidden];
        // Each step may be shared by threads, each taking a range of hidden units; one job object
        // carries the step's arguments, so that the loop allocates nothing.
        StepJob job = new StepJob(this);
        job.be = be;
        job.w = pk.recurrent;
        job.parts = Workers.stepParts(share, (long) batch * g * hidden, hidden);
        job.batch = batch;
        job.in = hs;
        job.ldIn = hidden;
        job.pre = pre;
        job.ldPre = g;
        job.bias = pk.recurrentBias;
        job.cPrev = cs;
        job.c = cs;
        job.h = hs;
        job.gates = gates;
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            int prev = slot(reverse ? t + 1 : t, slots) * bh;
            int next = slot(reverse ? t : t + 1, slots) * bh;
            job.inOff = prev;
            job.preOff = t * batch * g;
            job.cPrevOff = prev;
            job.cOff = next;
            job.hOff = next;
            job.gatesOff = t * batch * 4 * hidden;
            Workers.stepInParts(job.parts, job);
            System.arraycopy(hs, next, out, t * bh, bh);
            if (lengths != null) {
                for (int r = 0; r < batch; r++) {
                    if (!active(lengths, r, t)) {
                        System.arraycopy(hs, prev + r * hidden, hs, next + r * hidden, hidden);
                        if (cs != null) {
                            System.arraycopy(cs, prev + r * hidden, cs, next + r * hidden, hidden);
                        }
                        Arrays.fill(out, (t * batch + r) * hidden, (t * batch + r + 1) * hidden, 0f);
                    }
                }
            }
        }
        int last = slot(reverse ? 0 : steps, slots) * bh;
        float[] hn = Arrays.copyOfRange(hs, last, last + bh);
        float[] cn = cs == null ? null : Arrays.copyOfRange(cs, last, last + bh);
        return new Pass(steps, batch, lengths, training ? x : null, training ? hs : null, training ? cs : null,
                gates, out, hn, cn);
    }

    /**
     * Backpropagates through a training pass: adds the weight gradients to the parameters'
     * gradients and the input gradient to {@code dx}.
     *
     * @param dOut gradient of the loss with respect to {@link Pass#out}, {@code [T x B x H]}
     * @param dhn  gradient with respect to {@link Pass#hn}, or null for zeros
     * @param dcn  gradient with respect to {@link Pass#cn}, or null for zeros
     * @param dx   {@code [T x B x X]} that the input gradient is added to, or null
     * @param dh0  receives the gradient with respect to {@code h0}, {@code [B x H]} at {@code dh0Off}, or null
     * @param dc0  receives the gradient with respect to {@code c0} (LSTM), or null
     */
    public void backward(Backend be, Workers workers, int share, Pass p, float[] dOut, float[] dhn, float[] dcn,
                         float[] dx, float[] dh0, int dh0Off, float[] dc0, int dc0Off) {
        if (p.hs == null) {
            throw new IllegalStateException("backward needs a forward pass run for training");
        }
        Packs pk = packs(be);
        int steps = p.steps;
        int batch = p.batch;
        int[] lengths = p.lengths;
        int bh = batch * hidden;
        int g = cell.gates() * hidden;
        int rows = steps * batch;
        boolean lstm = cell == CellType.LSTM;
        float[] dh = dhn == null ? new float[bh] : dhn.clone();
        float[] dc = lstm ? (dcn == null ? new float[bh] : dcn.clone()) : null;
        float[] dcKeep = lstm && lengths != null ? new float[bh] : null;
        float[] dhPrev = new float[bh];
        // LSTM: gradients of the gate pre-activations. GRU: of the input side and of the recurrent side.
        float[] dPre = new float[rows * g];
        float[] dRec = lstm ? dPre : new float[rows * g];
        // dh_prev = dRec_t · W_hh each step: shared by threads by columns (hidden units) when large enough.
        int parts = Workers.stepParts(share, (long) batch * g * hidden, hidden);
        PackedMatrix[] sliced = parts == 1 ? null : recurrentGradientSlices(be, pk, parts);
        SharedProduct shared = new SharedProduct(be, batch, dRec, g, sliced, hidden);

        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            int prev = (reverse ? t + 1 : t) * bh;
            int next = (reverse ? t : t + 1) * bh;
            int gOff = t * batch * 4 * hidden;
            int dOff = t * batch * g;
            for (int r = 0; r < batch; r++) {
                if (active(lengths, r, t)) {
                    be.axpy(hidden, 1f, dOut, (t * batch + r) * hidden, dh, r * hidden);
                }
            }
            if (lstm) {
                if (dcKeep != null) {
                    System.arraycopy(dc, 0, dcKeep, 0, bh);
                }
                be.lstmStepBackward(batch, hidden, p.gates, gOff, p.cs, prev, p.cs, next, dh, 0, hidden, dc, 0,
                        dPre, dOff);
                Arrays.fill(dhPrev, 0f);
            } else {
                be.gruStepBackward(batch, hidden, p.gates, gOff, p.hs, prev, hidden, dh, 0, hidden, dPre, dOff,
                        dRec, dOff, dhPrev, 0);
            }
            if (lengths != null) {
                for (int r = 0; r < batch; r++) {
                    if (!active(lengths, r, t)) {
                        Arrays.fill(dPre, dOff + r * g, dOff + (r + 1) * g, 0f);
                        Arrays.fill(dRec, dOff + r * g, dOff + (r + 1) * g, 0f);
                        if (lstm) {
                            System.arraycopy(dcKeep, r * hidden, dc, r * hidden, hidden);
                        }
                    }
                }
            }
            if (parts == 1) {
                be.gemm(false, batch, dRec, dOff, g, pk.recurrentGradient, dhPrev, 0, hidden);
            } else {
                shared.dOff = dOff;
                shared.dhPrev = dhPrev;
                Workers.stepInParts(parts, shared);
            }
            if (lengths != null) {
                for (int r = 0; r < batch; r++) {
                    if (!active(lengths, r, t)) {
                        System.arraycopy(dh, r * hidden, dhPrev, r * hidden, hidden);
                    }
                }
            }
            float[] swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }
        if (dh0 != null) {
            System.arraycopy(dh, 0, dh0, dh0Off, bh);
        }
        if (dc0 != null && lstm) {
            System.arraycopy(dc, 0, dc0, dc0Off, bh);
        }
        // The states read by steps 0..T-1 are one block: slots [0, T) forward, [1, T] reverse.
        int hPrevAll = reverse ? bh : 0;
        workers.gemmTransposedColumns(share, be, g, hidden, rows, dRec, 0, g, p.hs, hPrevAll, hidden, wHh.grad(), 0, hidden);
        workers.gemmTransposedColumns(share, be, g, inputSize, rows, dPre, 0, g, p.x, 0, inputSize, wIh.grad(), 0, inputSize);
        if (bIh != null) {
            be.sumRows(rows, g, dPre, 0, g, bIh.grad(), 0);
            be.sumRows(rows, g, dRec, 0, g, bHh.grad(), 0);
        }
        if (dx != null) {
            workers.gemmRows(share, be, rows, dPre, 0, g, pk.inputGradient, dx, 0, inputSize);
        }
    }

    /**
     * The arguments of one fused step, split by hidden units between threads
     * ({@link Workers#stepInParts}): made once per pass or per stream and updated each step, so that
     * a step allocates nothing.
     */
    public static final class StepJob implements java.util.function.IntConsumer {
        private final Direction d;
        private Backend be;
        private PackedMatrix w;
        private int parts;
        private int batch;
        private float[] in;
        private int inOff;
        private int ldIn;
        private float[] pre;
        private int preOff;
        private int ldPre;
        private float[] bias;
        private float[] cPrev;
        private int cPrevOff;
        private float[] c;
        private int cOff;
        private float[] h;
        private int hOff;
        private float[] gates;
        private int gatesOff;

        private StepJob(Direction d) {
            this.d = d;
        }

        /** Whether this job belongs to {@code other} (a state may move between networks of one configuration). */
        public boolean isFor(Direction other) {
            return d == other;
        }

        @Override
        public void accept(int part) {
            int from = Workers.partStart(part, parts, d.hidden);
            int to = Workers.partStart(part + 1, parts, d.hidden);
            if (d.cell == CellType.LSTM) {
                be.lstmStepUnits(from, to, batch, w, in, inOff, ldIn, pre, preOff, ldPre, cPrev, cPrevOff, c, cOff,
                        h, hOff, d.hidden, gates, gatesOff);
            } else {
                be.gruStepUnits(from, to, batch, w, in, inOff, ldIn, pre, preOff, ldPre, bias, 0, h, hOff, d.hidden,
                        gates, gatesOff);
            }
        }
    }

    /** {@code dh_prev = dRec_t · W_hh} of one backward step, by column slices of {@code W_hh}. */
    private static final class SharedProduct implements java.util.function.IntConsumer {
        private final Backend be;
        private final int batch;
        private final float[] dRec;
        private final int g;
        private final PackedMatrix[] slices;
        private final int hidden;
        private int dOff;
        private float[] dhPrev;

        SharedProduct(Backend be, int batch, float[] dRec, int g, PackedMatrix[] slices, int hidden) {
            this.be = be;
            this.batch = batch;
            this.dRec = dRec;
            this.g = g;
            this.slices = slices;
            this.hidden = hidden;
        }

        @Override
        public void accept(int part) {
            be.gemm(false, batch, dRec, dOff, g, slices[part], dhPrev,
                    Workers.partStart(part, slices.length, hidden), hidden);
        }
    }

    /** A {@link StepJob} for this direction. */
    public StepJob newStepJob() {
        return new StepJob(this);
    }

    /**
     * One streaming step of this (forward) direction for {@code batch} rows: reads the input
     * {@code x [B x X]} and the state, writes the new state, shared by up to {@code threads} threads
     * when the step is large. Allocates nothing.
     *
     * @param xh     LSTM scratch {@code [B x (X + H)]}; GRU scratch {@code [B x 3H]}
     * @param hNext  GRU scratch {@code [B x H]}
     */
    public void step(Backend be, int threads, StepJob job, int batch, float[] x, int xOff, float[] h, float[] c,
                     float[] xh, float[] hNext) {
        Packs pk = packs(be);
        int g = cell.gates() * hidden;
        job.be = be;
        job.batch = batch;
        job.inOff = 0;
        job.preOff = 0;
        job.cPrevOff = 0;
        job.cOff = 0;
        job.hOff = 0;
        job.gates = null;
        if (cell == CellType.LSTM) {
            int k = inputSize + hidden;
            for (int r = 0; r < batch; r++) {
                System.arraycopy(x, xOff + r * inputSize, xh, r * k, inputSize);
                System.arraycopy(h, r * hidden, xh, r * k + inputSize, hidden);
            }
            // [x, h] against [W_ih | W_hh], the bias as a broadcast row, c updated in place
            job.w = pk.streaming;
            job.in = xh;
            job.ldIn = k;
            job.pre = pk.preBias;
            job.ldPre = 0;
            job.cPrev = c;
            job.c = c;
            job.h = h;
            job.parts = Workers.stepParts(threads, (long) batch * g * k, hidden);
        } else {
            if (pk.preBias != null) {
                be.fillRows(batch, g, pk.preBias, 0, xh, 0, g);
            } else {
                Arrays.fill(xh, 0, batch * g, 0f);
            }
            be.gemm(false, batch, x, xOff, inputSize, pk.inputProjection, xh, 0, g);
            job.w = pk.recurrent;
            job.in = h;
            job.ldIn = hidden;
            job.pre = xh;
            job.ldPre = g;
            job.bias = pk.recurrentBias;
            job.h = hNext;
            job.parts = Workers.stepParts(threads, (long) batch * g * hidden, hidden);
        }
        Workers.stepInParts(job.parts, job);
        if (cell == CellType.GRU) {
            System.arraycopy(hNext, 0, h, 0, batch * hidden);
        }
    }
}
