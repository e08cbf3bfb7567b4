package dev.jlstm.models;

/** Checks of what callers pass in; each failure names the argument, the expected and the found. */
final class Inputs {
    private Inputs() {}

    static void requireLength(String op, String name, float[] a, long expected, String shape) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(op + ": " + name + " must be " + shape + " = " + expected
                    + " floats, found " + (a == null ? "null" : a.length));
        }
    }

    /** A NaN or infinity in {@code a} is an error naming its first position. */
    static void requireFinite(String op, String name, float[] a, int... shape) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                StringBuilder at = new StringBuilder();
                int rest = i;
                int stride = a.length;
                for (int d : shape) {
                    stride /= Math.max(d, 1);
                    at.append(at.length() == 0 ? "" : ", ").append(rest / Math.max(stride, 1));
                    rest %= Math.max(stride, 1);
                }
                throw new IllegalArgumentException(op + ": " + name + " holds " + a[i] + " at [" + at + "]");
            }
        }
    }

    static void check(RnnConfig config, float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        String op = "forward";
        if (steps <= 0 || batch <= 0) {
            throw new IllegalArgumentException(op + ": steps and batch must be > 0, found " + steps + " and " + batch);
        }
        int xs = config.inputSize();
        requireLength(op, "x", x, (long) steps * batch * xs, "[" + steps + " x " + batch + " x " + xs + "]");
        requireFinite(op, "x", x, steps, batch, xs);
        int rows = config.stateRows();
        int h = config.hiddenSize();
        String stateShape = "[" + rows + " x " + batch + " x " + h + "]";
        if (h0 != null) {
            requireLength(op, "h0", h0, (long) rows * batch * h, stateShape);
            requireFinite(op, "h0", h0, rows, batch, h);
        }
        if (c0 != null) {
            if (!config.cell().hasCellState()) {
                throw new IllegalArgumentException(op + ": c0 given for a GRU, which has no cell state");
            }
            requireLength(op, "c0", c0, (long) rows * batch * h, stateShape);
            requireFinite(op, "c0", c0, rows, batch, h);
        }
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException(op + ": lengths must have one entry per batch row (" + batch
                        + "), found " + lengths.length);
            }
            for (int r = 0; r < batch; r++) {
                if (lengths[r] < 1 || lengths[r] > steps) {
                    throw new IllegalArgumentException(op + ": lengths[" + r + "] must be in [1, " + steps + "], found "
                            + lengths[r]);
                }
            }
        }
    }
}
