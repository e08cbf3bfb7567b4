package dev.jlstm.models;

import dev.jlstm.core.Backend;

/** Losses with their gradients, averaged over rows as PyTorch's default {@code reduction="mean"}. */
public final class Losses {
    private Losses() {}

    /**
     * Softmax cross-entropy: the mean over the counted rows of {@code -log softmax(logits)[target]},
     * PyTorch's {@code nn.CrossEntropyLoss}. Rows whose target is negative are ignored (as
     * {@code ignore_index}).
     *
     * @param logits  {@code [rows x classes]}
     * @param targets {@code [rows]}, each in {@code [0, classes)} or negative to ignore the row
     * @param dLogits receives {@code d loss / d logits [rows x classes]} (zero on ignored rows); may be null
     * @return the mean loss in nats (0 if every row is ignored)
     */
    public static double softmaxCrossEntropy(Backend backend, float[] logits, int rows, int classes, int[] targets,
                                             float[] dLogits) {
        Inputs.requireLength("softmaxCrossEntropy", "logits", logits, (long) rows * classes,
                "[" + rows + " x " + classes + "]");
        if (targets == null || targets.length != rows) {
            throw new IllegalArgumentException("softmaxCrossEntropy: targets must have " + rows + " entries, found "
                    + (targets == null ? "null" : targets.length));
        }
        if (dLogits != null) {
            Inputs.requireLength("softmaxCrossEntropy", "dLogits", dLogits, (long) rows * classes,
                    "[" + rows + " x " + classes + "]");
        }
        float[] logp = new float[rows * classes];
        backend.logSoftmax(rows, classes, logits, 0, classes, logp, 0, classes);
        int counted = 0;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int t = targets[r];
            if (t >= classes) {
                throw new IllegalArgumentException("softmaxCrossEntropy: targets[" + r + "] = " + t + " is not a class in [0, "
                        + classes + ")");
            }
            if (t >= 0) {
                counted++;
                sum -= logp[r * classes + t];
            }
        }
        if (dLogits != null) {
            float scale = counted == 0 ? 0f : 1f / counted;
            for (int r = 0; r < rows; r++) {
                int t = targets[r];
                for (int j = 0; j < classes; j++) {
                    int i = r * classes + j;
                    dLogits[i] = t < 0 ? 0f : ((float) Math.exp(logp[i]) - (j == t ? 1f : 0f)) * scale;
                }
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /**
     * Mean squared error over all {@code n} elements, PyTorch's {@code nn.MSELoss}.
     *
     * @param dPrediction receives {@code d loss / d prediction}; may be null
     */
    public static double meanSquaredError(float[] prediction, float[] target, float[] dPrediction) {
        if (prediction == null || target == null || prediction.length != target.length) {
            throw new IllegalArgumentException("meanSquaredError: prediction and target must have the same length, found "
                    + (prediction == null ? "null" : prediction.length) + " and " + (target == null ? "null" : target.length));
        }
        int n = prediction.length;
        if (dPrediction != null) {
            Inputs.requireLength("meanSquaredError", "dPrediction", dPrediction, n, "[" + n + "]");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) prediction[i] - target[i];
            sum += d * d;
            if (dPrediction != null) {
                dPrediction[i] = (float) (2 * d / n);
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
