package dev.jlstm.simd.internal;

import static dev.jlstm.simd.internal.VectorMath.S;

/**
 * The packed layout of a gate weight {@code W [gates*H x k]} (PyTorch's layout, gate blocks
 * stacked) for the fused steps.
 *
 * <p>Hidden units are taken {@code L} at a time ({@code L} = lanes). The panel of units
 * {@code [u0, u0 + L)} holds, for each input {@code p}, the weights of gate 0 for those units, then
 * gate 1, and so on: {@code gates * L} floats per input row. One pass over a panel therefore leaves
 * the pre-activations of every gate of those units in registers, where the nonlinearities and the
 * state update are applied before anything is stored. Units past {@code H} in the last panel have
 * zero weights.
 *
 * <p>Element {@code (gate g, unit u0 + l, input p)} is at {@code panel * k * gates * L + p * gates * L + g * L + l}.
 */
final class GateLayout {
    private GateLayout() {}

    static final int L = S.length();

    static float[] pack(int gates, int hidden, int k, float[] w, int wOff, int ldw) {
        int panels = (hidden + L - 1) / L;
        int row = gates * L;
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(panels, k), row)];
        for (int jp = 0; jp < panels; jp++) {
            int u0 = jp * L;
            int width = Math.min(L, hidden - u0);
            int base = jp * k * row;
            for (int g = 0; g < gates; g++) {
                for (int l = 0; l < width; l++) {
                    int src = wOff + (g * hidden + u0 + l) * ldw;
                    int dst = base + g * L + l;
                    for (int p = 0; p < k; p++) {
                        out[dst + p * row] = w[src + p];
                    }
                }
            }
        }
        return out;
    }
}
