package dev.jlstm.models;

/** The recurrent cell of an {@link Rnn}: PyTorch's {@code nn.LSTM} or {@code nn.GRU} equations. */
public enum CellType {
    /**
     * Gates i, f, g, o (in that order in the weights): i, f, o = σ(·), g = tanh(·),
     * {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}.
     */
    LSTM(4),
    /**
     * Gates r, z, n: r, z = σ(·), {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
     * {@code h' = (1 - z)*n + z*h}.
     */
    GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Gate blocks in the weights: 4 for LSTM, 3 for GRU. */
    public int gates() {
        return gates;
    }

    /** Whether the cell carries a cell state {@code c} beside {@code h} (LSTM only). */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
