package dev.jlstm.models;

import dev.jlstm.models.internal.Direction;
import java.util.Arrays;

/**
 * The recurrent state of a unidirectional {@link Rnn} for streaming ({@link Rnn#step}): each
 * layer's {@code h [B x H]} (and {@code c} for an LSTM), plus the step's scratch space. Owned by one
 * caller at a time: not thread-safe; use one state per thread or per stream.
 */
public final class RnnState {
    private final RnnConfig config;
    private final int batch;
    final float[][] h;
    final float[][] c;
    /** LSTM: one [x, h] row per batch row, sized for the widest layer input; GRU: [B x 3H]. */
    final float[] scratch;
    /** GRU: the new h before it replaces the old one. */
    final float[] hNext;
    /** Each layer's reusable step work, made on first use (by the network the state belongs to). */
    private final Direction.StepJob[] jobs;

    RnnState(RnnConfig config, int batch) {
        this.config = config;
        this.batch = batch;
        int hid = config.hiddenSize();
        h = new float[config.layers()][batch * hid];
        c = new float[config.layers()][config.cell().hasCellState() ? batch * hid : 0];
        int widest = Math.max(config.inputSize(), config.outputSize());
        scratch = new float[config.cell().hasCellState() ? batch * (widest + hid) : batch * 3 * hid];
        hNext = new float[config.cell().hasCellState() ? 0 : batch * hid];
        jobs = new Direction.StepJob[config.layers()];
    }

    Direction.StepJob job(int layer, Direction d) {
        Direction.StepJob j = jobs[layer];
        if (j == null || !j.isFor(d)) {
            j = d.newStepJob();
            jobs[layer] = j;
        }
        return j;
    }

    /** Batch rows {@code B}. */
    public int batch() {
        return batch;
    }

    RnnConfig config() {
        return config;
    }

    boolean fits(RnnConfig other) {
        return config.equals(other);
    }

    /** The top layer's hidden state {@code [B x H]}: the output of the last step; live, overwritten by the next. */
    public float[] output() {
        return h[h.length - 1];
    }

    /** Layer {@code l}'s hidden state {@code [B x H]}; live. */
    public float[] h(int layer) {
        return h[layer];
    }

    /** Layer {@code l}'s cell state {@code [B x H]} (LSTM); live. */
    public float[] c(int layer) {
        if (!config.cell().hasCellState()) {
            throw new UnsupportedOperationException("a GRU has no cell state");
        }
        return c[layer];
    }

    /** Back to zeros, for a new sequence. */
    public void reset() {
        for (float[] a : h) {
            Arrays.fill(a, 0f);
        }
        for (float[] a : c) {
            Arrays.fill(a, 0f);
        }
    }
}
