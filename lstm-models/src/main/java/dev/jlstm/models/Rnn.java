package dev.jlstm.models;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.io.Tensor;
import dev.jlstm.models.internal.Direction;
import dev.jlstm.models.internal.Workers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A recurrent network with the contract of PyTorch's {@code nn.LSTM} and {@code nn.GRU}
 * ({@code batch_first=False}): stacked layers, optionally bidirectional, with PyTorch's
 * parameter names, shapes, gate order and equations.
 *
 * <p>Shapes: input {@code x [T x B x X]} (seq-first, row-major); initial and final states
 * {@code h0, hn, c0, cn [L*D x B x H]} where row {@code layer*D + direction} holds one layer and
 * direction ({@code D} = 2 if bidirectional, else 1); output {@code [T x B x D*H]} (or
 * {@code [T x B x H]} with {@link Merge#SUM}). Optional per-row {@code lengths} (each in
 * {@code [1, T]}) make a variable-length batch, as {@code pack_padded_sequence} does in PyTorch:
 * outputs past a row's length are zero, its final state is the one at its own last step, and the
 * reverse direction starts there.
 *
 * <p>Parameters ({@link #parameters()}), in the order of PyTorch's {@code state_dict()}: for each
 * layer {@code k} and direction suffix ({@code ""}, {@code "_reverse"}): {@code weight_ih_l{k}}
 * {@code [G*H x X_k]}, {@code weight_hh_l{k} [G*H x H]}, {@code bias_ih_l{k} [G*H]},
 * {@code bias_hh_l{k} [G*H]}, with {@code G} = 4 (LSTM, gates i, f, g, o) or 3 (GRU, gates r, z, n).
 *
 * <p>Threads: {@link #forward}, {@link #newState} and {@link #step} may run on any number of threads
 * at once as long as nobody changes the parameters meanwhile (training is single-threaded per
 * model); each caller owns its {@link RnnState}.
 */
public final class Rnn {
    private final RnnConfig config;
    private final Backend backend;
    private final List<Parameter> parameters;
    /** [layer][direction]. */
    private final Direction[][] directions;
    private final SplittableRandom dropoutRandom;
    private volatile Workers workers = Workers.of(Runtime.getRuntime().availableProcessors());

    private Rnn(RnnConfig config, Backend backend, List<Parameter> parameters, long seed) {
        this.config = config;
        this.backend = backend;
        this.parameters = Collections.unmodifiableList(parameters);
        this.dropoutRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int d = config.directions();
        this.directions = new Direction[config.layers()][d];
        int perDirection = config.bias() ? 4 : 2;
        for (int l = 0; l < config.layers(); l++) {
            for (int dir = 0; dir < d; dir++) {
                int base = (l * d + dir) * perDirection;
                directions[l][dir] = new Direction(config.cell(), config.layerInputSize(l), config.hiddenSize(), dir == 1,
                        parameters.get(base), parameters.get(base + 1),
                        config.bias() ? parameters.get(base + 2) : null, config.bias() ? parameters.get(base + 3) : null);
            }
        }
    }

    /**
     * A new network initialized as PyTorch does: every weight and bias uniform in
     * {@code [-1/sqrt(H), 1/sqrt(H)]}, from {@code seed}; on {@link Backends#get()}.
     */
    public static Rnn create(RnnConfig config, long seed) {
        return create(config, seed, Backends.get());
    }

    /** As {@link #create(RnnConfig, long)}, on the given backend. */
    public static Rnn create(RnnConfig config, long seed, Backend backend) {
        List<Parameter> params = newParameters(config);
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(config.hiddenSize());
        for (Parameter p : params) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
        }
        return new Rnn(config, backend, params, seed);
    }

    /** The parameters a configuration has, zero, in PyTorch's order. */
    static List<Parameter> newParameters(RnnConfig config) {
        List<Parameter> params = new ArrayList<>();
        int g = config.cell().gates() * config.hiddenSize();
        for (int l = 0; l < config.layers(); l++) {
            for (int dir = 0; dir < config.directions(); dir++) {
                String sfx = "_l" + l + (dir == 1 ? "_reverse" : "");
                params.add(new Parameter("weight_ih" + sfx, g, config.layerInputSize(l)));
                params.add(new Parameter("weight_hh" + sfx, g, config.hiddenSize()));
                if (config.bias()) {
                    params.add(new Parameter("bias_ih" + sfx, g));
                    params.add(new Parameter("bias_hh" + sfx, g));
                }
            }
        }
        return params;
    }

    /** A network with the given parameters (values copied), in the order of {@link #newParameters}. */
    static Rnn withParameters(RnnConfig config, Backend backend, List<Parameter> params) {
        return new Rnn(config, backend, params, 0);
    }

    /**
     * A network with the weights of a PyTorch {@code state_dict} (names and shapes as
     * {@code nn.LSTM}/{@code nn.GRU} save them, e.g. read with {@code Safetensors.read}): the layer
     * count, directions, sizes and biases are inferred from the names and shapes; on {@link Backends#get()}.
     *
     * @throws IllegalArgumentException for a missing, unexpected or wrongly shaped tensor, naming it
     *                                  and the shape expected
     */
    public static Rnn fromStateDict(Map<String, Tensor> stateDict, CellType cell) {
        return fromStateDict(stateDict, cell, Backends.get());
    }

    /** As {@link #fromStateDict(Map, CellType)}, on the given backend. */
    public static Rnn fromStateDict(Map<String, Tensor> stateDict, CellType cell, Backend backend) {
        return StateDicts.toRnn(stateDict, cell, backend);
    }

    /** The weights as a PyTorch {@code state_dict} (copies), in PyTorch's order. */
    public Map<String, Tensor> stateDict() {
        return StateDicts.of(parameters);
    }

    /** The configuration. */
    public RnnConfig config() {
        return config;
    }

    /** The backend the network computes on. */
    public Backend backend() {
        return backend;
    }

    /** The parameters in PyTorch's {@code state_dict()} order; the list is fixed, the values live. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameters by name, in order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        parameters.forEach(p -> m.put(p.name(), p));
        return m;
    }

    /**
     * Sets the forget-gate biases (LSTM) so that each unit starts with {@code b_ih + b_hh = value},
     * the common initialization that helps long memories ({@code b_ih = value}, {@code b_hh = 0} in
     * the forget block).
     *
     * @throws IllegalStateException for a GRU or a network without biases
     */
    public void setForgetBias(float value) {
        if (config.cell() != CellType.LSTM || !config.bias()) {
            throw new IllegalStateException("setForgetBias: needs an LSTM with biases, this is " + config);
        }
        int h = config.hiddenSize();
        for (Parameter p : parameters) {
            boolean ih = p.name().startsWith("bias_ih");
            if (ih || p.name().startsWith("bias_hh")) {
                java.util.Arrays.fill(p.value(), h, 2 * h, ih ? value : 0f);
                p.markUpdated();
            }
        }
    }

    /**
     * Sets how many threads this network's passes use (default: every available processor). The two
     * directions of a bidirectional layer run in parallel, and the large products of a pass are split
     * by rows or columns; results are bit-identical for every thread count.
     */
    public void setThreads(int threads) {
        this.workers = Workers.of(threads);
    }

    /** The thread count set by {@link #setThreads}. */
    public int threads() {
        return workers.threads();
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        parameters.forEach(Parameter::zeroGrad);
    }

    /** {@link #forward(float[], int, int, int[], float[], float[])} from zero states, all rows full length. */
    public RnnOutput forward(float[] x, int steps, int batch) {
        return forward(x, steps, batch, null, null, null);
    }

    /**
     * Runs the network over a batch of sequences (inference: no dropout, nothing kept for backward).
     *
     * @param x       {@code [T x B x X]}
     * @param lengths per-row lengths in {@code [1, T]}, or null when every row has {@code T} steps
     * @param h0      {@code [L*D x B x H]}, or null for zeros
     * @param c0      {@code [L*D x B x H]} (LSTM only), or null for zeros
     * @throws IllegalArgumentException naming the argument on a wrong size, a length out of range,
     *                                  or a NaN or infinite input
     */
    public RnnOutput forward(float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        return run(x, steps, batch, lengths, h0, c0, false).output();
    }

    /**
     * Runs the network for training: with dropout between layers (when configured) and keeping what
     * {@link RnnTrace#backward} needs.
     */
    public RnnTrace forwardForTraining(float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        return run(x, steps, batch, lengths, h0, c0, true);
    }

    private RnnTrace run(float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0, boolean training) {
        Inputs.check(config, x, steps, batch, lengths, h0, c0);
        int d = config.directions();
        int h = config.hiddenSize();
        int bh = batch * h;
        int stateSize = config.stateRows() * bh;
        float[] hn = new float[stateSize];
        float[] cn = config.cell().hasCellState() ? new float[stateSize] : null;
        Direction.Pass[][] passes = new Direction.Pass[config.layers()][d];
        float[][] dropMasks = new float[config.layers()][];
        float[] input = x;
        float[] y = null;
        Workers w = workers;
        int share = Math.max(1, w.threads() / d); // threads per direction, the directions running side by side
        for (int l = 0; l < config.layers(); l++) {
            float[] layerInput = input;
            Direction.Pass[] layerPasses = passes[l];
            int layer = l;
            w.forEach(d, dir -> {
                int row = (layer * d + dir) * bh;
                Direction.Pass p = directions[layer][dir].forward(backend, w, share, layerInput, steps, batch, lengths,
                        h0, row, c0, row, training);
                layerPasses[dir] = p;
                System.arraycopy(p.hn, 0, hn, row, bh);
                if (cn != null) {
                    System.arraycopy(p.cn, 0, cn, row, bh);
                }
            });
            y = merge(passes[l], steps * batch);
            if (training && config.dropout() > 0 && l < config.layers() - 1) {
                dropMasks[l] = dropoutMask(y.length);
                for (int i = 0; i < y.length; i++) {
                    y[i] *= dropMasks[l][i];
                }
            }
            input = y;
        }
        RnnOutput out = new RnnOutput(y, hn, cn, steps, batch, config.outputSize(), config.stateRows(), h);
        return new RnnTrace(this, out, training ? passes : null, dropMasks);
    }

    /** Inverted dropout: each kept element scaled by {@code 1/(1-p)} so that expectations are unchanged. */
    private float[] dropoutMask(int n) {
        float keep = (float) (1 / (1 - config.dropout()));
        float[] mask = new float[n];
        synchronized (dropoutRandom) {
            for (int i = 0; i < n; i++) {
                mask[i] = dropoutRandom.nextDouble() < config.dropout() ? 0f : keep;
            }
        }
        return mask;
    }

    /** The layer output {@code [T*B x outputSize]} from its directions' {@code [T*B x H]} outputs. */
    private float[] merge(Direction.Pass[] passes, int rows) {
        int h = config.hiddenSize();
        if (passes.length == 1) {
            return passes[0].out; // backward does not read it, so dropout may scale it in place
        }
        if (config.merge() == Merge.SUM) {
            float[] y = passes[0].out.clone();
            backend.axpy(y.length, 1f, passes[1].out, 0, y, 0);
            return y;
        }
        float[] y = new float[rows * 2 * h];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(passes[0].out, r * h, y, r * 2 * h, h);
            System.arraycopy(passes[1].out, r * h, y, r * 2 * h + h, h);
        }
        return y;
    }

    /** Backward through layer {@code l}: {@code dy} of its merged output; returns the gradient of its input. */
    float[] backwardLayer(int l, Direction.Pass[] passes, float[] dy, float[] dhn, float[] dcn,
                          float[] dh0, float[] dc0, int steps, int batch) {
        int d = config.directions();
        int h = config.hiddenSize();
        int bh = batch * h;
        int rows = steps * batch;
        int in = config.layerInputSize(l);
        // Each direction adds its input gradient into its own buffer (so that they can run in
        // parallel); the two are summed afterwards in a fixed order.
        float[][] dxs = new float[d][];
        Workers w = workers;
        int share = Math.max(1, w.threads() / d);
        w.forEach(d, dir -> {
            float[] dOut;
            if (d == 1 || config.merge() == Merge.SUM) {
                dOut = dy;
            } else {
                dOut = new float[rows * h];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(dy, r * 2 * h + dir * h, dOut, r * h, h);
                }
            }
            int row = (l * d + dir) * bh;
            float[] dhnRow = dhn == null ? null : java.util.Arrays.copyOfRange(dhn, row, row + bh);
            float[] dcnRow = dcn == null ? null : java.util.Arrays.copyOfRange(dcn, row, row + bh);
            dxs[dir] = new float[rows * in];
            directions[l][dir].backward(backend, w, share, passes[dir], dOut, dhnRow, dcnRow, dxs[dir], dh0, row, dc0, row);
        });
        for (int dir = 1; dir < d; dir++) {
            backend.axpy(dxs[0].length, 1f, dxs[dir], 0, dxs[0], 0);
        }
        return dxs[0];
    }

    /** Streaming state for {@code batch} rows, zeros; see {@link #step}. Unidirectional networks only. */
    public RnnState newState(int batch) {
        if (config.bidirectional()) {
            throw new UnsupportedOperationException("step: a bidirectional network needs the whole sequence; use forward");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("newState: batch must be > 0, found " + batch);
        }
        return new RnnState(config, batch);
    }

    /**
     * One time step for every row of {@code state}: reads {@code x [B x X]} from {@code xOff}, advances
     * the state; the output of the top layer is then {@link RnnState#output()}. Allocates nothing.
     */
    public void step(float[] x, int xOff, RnnState state) {
        if (state == null || !state.fits(config)) {
            throw new IllegalArgumentException("step: the state must come from newState() of a network with "
                    + config + (state == null ? ", found null" : ", found one for " + state.config()));
        }
        int batch = state.batch();
        int need = batch * config.inputSize();
        if (x == null || xOff < 0 || (long) xOff + need > x.length) {
            throw new IllegalArgumentException("step: x must hold [" + batch + " x " + config.inputSize()
                    + "] = " + need + " floats from offset " + xOff + ", found "
                    + (x == null ? "null" : x.length + " floats"));
        }
        float[] in = x;
        int inOff = xOff;
        int threads = workers.threads();
        for (int l = 0; l < config.layers(); l++) {
            directions[l][0].step(backend, threads, state.job(l, directions[l][0]), batch, in, inOff, state.h[l],
                    state.c[l], state.scratch, state.hNext);
            in = state.h[l];
            inOff = 0;
        }
    }

    @Override
    public String toString() {
        return "Rnn" + config;
    }
}
