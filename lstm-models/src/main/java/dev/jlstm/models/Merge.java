package dev.jlstm.models;

/** How a bidirectional layer combines its two directions' outputs at each step. */
public enum Merge {
    /** {@code [forward, backward]}: {@code 2H} features per step, as PyTorch does. */
    CONCAT,
    /** {@code forward + backward}: {@code H} features per step (Keras' {@code merge_mode="sum"}). */
    SUM
}
