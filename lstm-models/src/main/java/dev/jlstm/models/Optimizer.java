package dev.jlstm.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. {@link #step()} first checks that every gradient is
 * finite (else {@link NonFiniteException}, nothing updated), then updates every parameter, marks it
 * updated (so models repack it) and counts the step. It does not zero the gradients.
 */
public abstract class Optimizer {
    private final List<Parameter> parameters;
    private LearningRateSchedule schedule;
    private long steps;

    /** For subclasses. */
    protected Optimizer(List<? extends Parameter> parameters, LearningRateSchedule schedule) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("optimizer: no parameters to optimize");
        }
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        setSchedule(schedule);
    }

    /** The parameters it updates. */
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** Steps taken so far. */
    public final long steps() {
        return steps;
    }

    /** Replaces the learning-rate schedule (e.g. after restoring a checkpoint). */
    public final void setSchedule(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("optimizer: the learning-rate schedule is null");
        }
        this.schedule = schedule;
    }

    /** The learning rate the next step will use. */
    public final double nextRate() {
        return schedule.rate(steps + 1);
    }

    /** One update of every parameter from its gradient. */
    public final void step() {
        long next = steps + 1;
        for (Parameter p : parameters) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) {
                if (!Float.isFinite(g[i])) {
                    throw new NonFiniteException("step " + next + ": the gradient of " + p.name() + " holds " + g[i]
                            + " at element " + i + "; parameters not updated");
                }
            }
        }
        double rate = schedule.rate(next);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException("step " + next + ": the learning rate is " + rate);
        }
        for (int i = 0; i < parameters.size(); i++) {
            update(i, parameters.get(i), rate, next);
            parameters.get(i).markUpdated();
        }
        steps = next;
    }

    /** Updates parameter {@code index} with learning rate {@code rate} at step {@code step} (from 1). */
    protected abstract void update(int index, Parameter p, double rate, long step);

    /**
     * The optimizer's per-parameter state for a checkpoint, live: keys {@code "<index>.<name>.<what>"}
     * (e.g. {@code 0.weight_ih_l0.exp_avg}) in a stable order.
     */
    public abstract Map<String, float[]> state();

    /** Restores {@link #state()} and the step count from a checkpoint. */
    public final void restore(Map<String, float[]> state, long steps) {
        Map<String, float[]> mine = state();
        for (Map.Entry<String, float[]> e : mine.entrySet()) {
            float[] saved = state.get(e.getKey());
            if (saved == null || saved.length != e.getValue().length) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' must have "
                        + e.getValue().length + " floats, found " + (saved == null ? "none" : saved.length));
            }
            System.arraycopy(saved, 0, e.getValue(), 0, saved.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer steps must be >= 0, found " + steps);
        }
        this.steps = steps;
    }

    /**
     * Scales all gradients so that their global L2 norm is at most {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_}; returns the norm before clipping.
     *
     * @throws NonFiniteException if the norm is NaN or infinite
     */
    public static double clipGradNorm(List<? extends Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, found " + maxNorm);
        }
        double sum = 0;
        for (Parameter p : parameters) {
            for (float g : p.grad()) {
                sum += (double) g * g;
            }
        }
        double norm = Math.sqrt(sum);
        if (!Double.isFinite(norm)) {
            throw new NonFiniteException("clipGradNorm: the gradient norm is " + norm);
        }
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Parameter p : parameters) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
        return norm;
    }
}
