package dev.jlstm.models;

/** The learning rate for each optimizer step (numbered from 1), e.g. a warm-up or a decay. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate of step {@code step} (1 for the first). */
    double rate(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }

    /** {@code rate * factor^floor((step - 1) / every)}: a step decay. */
    static LearningRateSchedule stepDecay(double rate, double factor, long every) {
        return step -> rate * Math.pow(factor, Math.floorDiv(step - 1, every));
    }
}
