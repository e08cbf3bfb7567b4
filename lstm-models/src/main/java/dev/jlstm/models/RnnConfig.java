package dev.jlstm.models;

/**
 * The shape of an {@link Rnn}, as the arguments of PyTorch's {@code nn.LSTM}/{@code nn.GRU}.
 *
 * @param cell          LSTM or GRU
 * @param inputSize     features per input step, {@code X}
 * @param hiddenSize    hidden units per direction, {@code H}
 * @param layers        stacked layers, {@code L >= 1}
 * @param bidirectional whether each layer also runs backward over the sequence
 * @param bias          whether the layers have the biases {@code b_ih} and {@code b_hh}
 * @param dropout       probability of dropping each output of every layer but the last, in training
 *                      (0 for none), as PyTorch's {@code dropout}
 * @param merge         how a bidirectional layer combines its directions ({@link Merge#CONCAT} for PyTorch's)
 */
public record RnnConfig(CellType cell, int inputSize, int hiddenSize, int layers, boolean bidirectional,
                        boolean bias, double dropout, Merge merge) {

    /** Validates every field; the message names the field, what was expected and what was found. */
    public RnnConfig {
        if (cell == null) {
            throw new IllegalArgumentException("RnnConfig: cell is null, expected LSTM or GRU");
        }
        if (inputSize <= 0 || hiddenSize <= 0 || layers <= 0) {
            throw new IllegalArgumentException("RnnConfig: inputSize, hiddenSize and layers must be > 0, found "
                    + inputSize + ", " + hiddenSize + ", " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("RnnConfig: dropout must be in [0, 1), found " + dropout);
        }
        if (merge == null) {
            throw new IllegalArgumentException("RnnConfig: merge is null, expected CONCAT or SUM");
        }
    }

    /** One unidirectional layer with biases, no dropout. */
    public static RnnConfig of(CellType cell, int inputSize, int hiddenSize) {
        return new RnnConfig(cell, inputSize, hiddenSize, 1, false, true, 0, Merge.CONCAT);
    }

    /** An LSTM of one unidirectional layer with biases. */
    public static RnnConfig lstm(int inputSize, int hiddenSize) {
        return of(CellType.LSTM, inputSize, hiddenSize);
    }

    /** A GRU of one unidirectional layer with biases. */
    public static RnnConfig gru(int inputSize, int hiddenSize) {
        return of(CellType.GRU, inputSize, hiddenSize);
    }

    /** This configuration with {@code layers} stacked layers. */
    public RnnConfig withLayers(int layers) {
        return new RnnConfig(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, merge);
    }

    /** This configuration, bidirectional, merging the directions as given. */
    public RnnConfig withBidirectional(Merge merge) {
        return new RnnConfig(cell, inputSize, hiddenSize, layers, true, bias, dropout, merge);
    }

    /** This configuration with or without biases. */
    public RnnConfig withBias(boolean bias) {
        return new RnnConfig(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, merge);
    }

    /** This configuration with dropout {@code p} between layers in training. */
    public RnnConfig withDropout(double p) {
        return new RnnConfig(cell, inputSize, hiddenSize, layers, bidirectional, bias, p, merge);
    }

    /** The configuration as text, e.g. for a {@link Checkpoint}; {@link #fromMap} reads it back. */
    public java.util.Map<String, String> toMap() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("cell", cell.name());
        m.put("input_size", Integer.toString(inputSize));
        m.put("hidden_size", Integer.toString(hiddenSize));
        m.put("num_layers", Integer.toString(layers));
        m.put("bidirectional", Boolean.toString(bidirectional));
        m.put("bias", Boolean.toString(bias));
        m.put("dropout", Double.toString(dropout));
        m.put("merge", merge.name());
        return m;
    }

    /**
     * The configuration written by {@link #toMap()} (other keys are ignored).
     *
     * @throws IllegalArgumentException naming a missing or malformed key
     */
    public static RnnConfig fromMap(java.util.Map<String, String> m) {
        try {
            return new RnnConfig(CellType.valueOf(need(m, "cell")), Integer.parseInt(need(m, "input_size")),
                    Integer.parseInt(need(m, "hidden_size")), Integer.parseInt(need(m, "num_layers")),
                    bool(m, "bidirectional"), bool(m, "bias"), Double.parseDouble(need(m, "dropout")),
                    Merge.valueOf(need(m, "merge")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RnnConfig: a number is malformed in " + m, e);
        }
    }

    private static String need(java.util.Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("RnnConfig: missing '" + key + "' in " + m);
        }
        return v;
    }

    private static boolean bool(java.util.Map<String, String> m, String key) {
        String v = need(m, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("RnnConfig: '" + key + "' must be true or false, found " + v);
        }
        return v.equals("true");
    }

    /** 2 if bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Features per output step: {@code 2H} for a concatenated bidirectional RNN, else {@code H}. */
    public int outputSize() {
        return bidirectional && merge == Merge.CONCAT ? 2 * hiddenSize : hiddenSize;
    }

    /** Input features of layer {@code l}: {@code X} for the first, the previous layer's output size after. */
    public int layerInputSize(int l) {
        return l == 0 ? inputSize : outputSize();
    }

    /** Rows of the state tensors {@code h0, hn (, c0, cn)}: {@code layers * directions}. */
    public int stateRows() {
        return layers * directions();
    }
}
