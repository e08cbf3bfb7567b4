package dev.jlstm.simd.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.PackedMatrix;

/**
 * The vector backend's packed matrices: product operands in {@link Gemm}'s panel layout, gate
 * operands in {@link GateLayout}'s.
 */
final class Packed extends PackedMatrix {
    final float[] data;

    Packed(Backend owner, int k, int n, int gates, float[] data) {
        super(owner, k, n, gates);
        this.data = data;
    }
}
