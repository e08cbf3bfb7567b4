package dev.jlstm.models;

/** Helpers between sequence outputs {@code [T x B x F]} and per-row values {@code [B x F]}. */
public final class Sequences {
    private Sequences() {}

    /**
     * The output at each row's last step: {@code [B x F]} from {@code y [T x B x F]}, row {@code b}
     * taken at step {@code lengths[b] - 1} (or {@code T - 1} without lengths).
     */
    public static float[] lastSteps(float[] y, int steps, int batch, int features, int[] lengths) {
        Inputs.requireLength("lastSteps", "y", y, (long) steps * batch * features,
                "[" + steps + " x " + batch + " x " + features + "]");
        float[] last = new float[batch * features];
        for (int b = 0; b < batch; b++) {
            int t = lastStep(steps, lengths, b);
            System.arraycopy(y, (t * batch + b) * features, last, b * features, features);
        }
        return last;
    }

    /** The gradient of {@link #lastSteps}: {@code dLast [B x F]} placed at each row's last step of a zero {@code [T x B x F]}. */
    public static float[] scatterLastSteps(float[] dLast, int steps, int batch, int features, int[] lengths) {
        Inputs.requireLength("scatterLastSteps", "dLast", dLast, (long) batch * features, "[" + batch + " x " + features + "]");
        float[] dy = new float[steps * batch * features];
        for (int b = 0; b < batch; b++) {
            int t = lastStep(steps, lengths, b);
            System.arraycopy(dLast, b * features, dy, (t * batch + b) * features, features);
        }
        return dy;
    }

    private static int lastStep(int steps, int[] lengths, int b) {
        if (lengths == null) {
            return steps - 1;
        }
        if (lengths.length <= b || lengths[b] < 1 || lengths[b] > steps) {
            throw new IllegalArgumentException("lengths must hold one value in [1, " + steps + "] per row; row " + b
                    + (lengths.length <= b ? " is missing" : " has " + lengths[b]));
        }
        return lengths[b] - 1;
    }
}
