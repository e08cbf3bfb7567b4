package dev.jlstm.bench;

import dev.jlstm.core.Backends;
import dev.jlstm.models.Merge;
import dev.jlstm.models.Rnn;
import dev.jlstm.models.RnnConfig;
import dev.jlstm.models.RnnState;
import dev.jlstm.models.RnnTrace;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The LSTM cases of {@code jlstm bench} (the suite {@code bench/run.sh} compares with PyTorch), timed
 * by JMH through the public model API: an {@link Rnn} made by
 * {@code Rnn.create(config, 1, Backends.byName(backend))}, {@code rnn.setThreads(threads)}, and the
 * same shapes, data and FLOP counts as {@code jlstm bench}. Every case is an LSTM with X = H inputs,
 * float32, biases, seq-first {@code [T x B x X]} data.
 *
 * <p>The {@code shape} parameter names the case and its shape:
 * <ul>
 *   <li>{@code stream:H}: one {@link Rnn#step} of one sequence ({@code B = T = 1}), the state carried
 *       from call to call, as in streaming inference; timed by {@link #stream}, in microseconds.</li>
 *   <li>{@code seq_infer:B:H}: {@link Rnn#forward} over {@code T = 128} steps of {@code B} rows.</li>
 *   <li>{@code train:H}: {@code zeroGrad}, {@link Rnn#forwardForTraining} and {@link RnnTrace#backward}
 *       over {@code T = 64} steps of {@code B = 32} rows (loss = sum of the output; no optimizer step).</li>
 *   <li>{@code bilstm_infer}, {@code stacked_infer}: {@code forward} of a bidirectional (concatenated)
 *       and of a two-layer LSTM, {@code H = 256, B = 32, T = 128}.</li>
 * </ul>
 * All but {@code stream} are timed by {@link #sequence}, in milliseconds. JMH applies {@code -p shape=...}
 * to both methods, and a case given to the other method fails at once (in its own fork, the others run
 * on): select the method in the regex too, {@code LstmSuiteBench.sequence -p shape=train:256}.
 *
 * <p>FLOPs ({@link #work}, for {@link BenchMain}'s and {@link JdkReport}'s GFLOP/s): {@code 2*T*B*4H*(X+H)}
 * per layer and direction, training 3x the forward, as {@code jlstm bench} counts them; the stream
 * cases also get GB/s of weights, all {@code 4H*2H} floats being read on every step.
 *
 * <p>Settings: a whole pass on the scalar backend takes up to several seconds ({@code train:512} about
 * 6 s, {@code seq_infer:32:512} about 4.5 s, 25-45 times the vector backend), and an iteration lasts at
 * least one operation, so the sequence cases have few iterations: 3 of 2 s to warm up (the vector
 * backend is at its steady speed from the second one on) and 4 of 2 s measured. The stream cases take microseconds
 * to milliseconds: 5 + 5 iterations of 1 s. With one fork per case, the 24 cases (12 shapes, 2 backends)
 * take about 7 minutes on two cores, most of it the scalar sequence cases; {@code -p backend=vector}
 * alone about 3.
 *
 * <p>State: per thread (a model, its input and, for {@code stream}, its {@link RnnState}), made once
 * per trial as {@code jlstm bench} makes them: weights initialized by PyTorch's rule from seed 1,
 * inputs standard normal from a fixed seed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class LstmSuiteBench {

    /** The {@code stream} cases: a model, its streaming state and one input row. */
    @State(Scope.Thread)
    public static class StreamCase {
        @Param({"scalar", "vector"})
        public String backend;

        /** {@code stream:H}. */
        @Param({"stream:128", "stream:256", "stream:512", "stream:1024"})
        public String shape;

        /** {@code rnn.setThreads}: the threads one step may use. */
        @Param({"1"})
        public int threads;

        Supplier<Object> op;

        @Setup(Level.Trial)
        public void setUp() {
            op = Shape.parse(shape).checkMethod(shape, true).operation(backend, threads);
        }
    }

    /** The whole-sequence cases: a model and its input (and output gradient, for training). */
    @State(Scope.Thread)
    public static class SequenceCase {
        @Param({"scalar", "vector"})
        public String backend;

        /** {@code seq_infer:B:H}, {@code train:H}, {@code bilstm_infer}, {@code stacked_infer}. */
        @Param({"seq_infer:1:256", "seq_infer:1:512", "seq_infer:32:256", "seq_infer:32:512", "train:256", "train:512",
                "bilstm_infer", "stacked_infer"})
        public String shape;

        /** {@code rnn.setThreads}: the threads a pass may use. */
        @Param({"1"})
        public int threads;

        Supplier<Object> op;

        @Setup(Level.Trial)
        public void setUp() {
            op = Shape.parse(shape).checkMethod(shape, false).operation(backend, threads);
        }
    }

    /** One streaming step; returns the new output {@code h}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object stream(StreamCase c) {
        return c.op.get();
    }

    /** One pass over a batch of sequences (forward, or forward and backward); returns its result. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 4, time = 2)
    public Object sequence(SequenceCase c) {
        return c.op.get();
    }

    /** For {@link BenchMain} and {@link JdkReport}: the FLOPs of the {@code shape} parameter's case. */
    static Work work(Work.Params p) {
        return Shape.parse(p.get("shape")).work();
    }

    /**
     * A case of the suite and its shape, parsed from the {@code shape} parameter.
     *
     * @param training forward and backward (3x the forward's FLOPs) rather than inference
     */
    record Shape(String name, int hidden, int batch, int steps, int layers, int directions, boolean training) {

        static final String GRAMMAR = "stream:H, seq_infer:B:H, train:H, bilstm_infer, stacked_infer";

        static Shape parse(String spec) {
            if (spec == null) {
                throw new IllegalArgumentException("no shape parameter; the cases are " + GRAMMAR);
            }
            String[] f = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
            try {
                switch (f[0]) {
                    case "stream":
                        if (f.length == 2) {
                            return new Shape(f[0], positive(f[1]), 1, 1, 1, 1, false);
                        }
                        break;
                    case "seq_infer":
                        if (f.length == 3) {
                            return new Shape(f[0], positive(f[2]), positive(f[1]), 128, 1, 1, false);
                        }
                        break;
                    case "train":
                        if (f.length == 2) {
                            return new Shape(f[0], positive(f[1]), 32, 64, 1, 1, true);
                        }
                        break;
                    case "bilstm_infer":
                        if (f.length == 1) {
                            return new Shape(f[0], 256, 32, 128, 1, 2, false);
                        }
                        break;
                    case "stacked_infer":
                        if (f.length == 1) {
                            return new Shape(f[0], 256, 32, 128, 2, 1, false);
                        }
                        break;
                    default:
                        break;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("unknown LSTM case '" + spec + "'; the cases are " + GRAMMAR);
        }

        /**
         * This case, if it belongs to the method ({@code stream} cases to {@link LstmSuiteBench#stream},
         * the others to {@link LstmSuiteBench#sequence}). JMH applies a {@code -p shape=...} list to both
         * methods; a case given to the other one fails at once, with this message, rather than running
         * twice in two units.
         */
        Shape checkMethod(String spec, boolean streamMethod) {
            boolean isStream = name.equals("stream");
            if (isStream != streamMethod) {
                throw new IllegalArgumentException("shape=" + spec + " is timed by "
                        + "LstmSuiteBench." + (isStream ? "stream" : "sequence") + ", not by LstmSuiteBench."
                        + (streamMethod ? "stream" : "sequence") + " (a -p shape=... list applies to both methods: "
                        + "select the method in the benchmark regex, e.g. 'LstmSuiteBench.sequence')");
            }
            return this;
        }

        private static int positive(String s) {
            int v = Integer.parseInt(s);
            if (v <= 0) {
                throw new NumberFormatException(s);
            }
            return v;
        }

        /** {@code 2*T*B*4H*(X+H)} with {@code X = H}, per layer and direction; training 3x. */
        double flops() {
            double forward = 2.0 * steps * batch * 4 * hidden * (hidden + hidden) * layers * directions;
            return training ? 3 * forward : forward;
        }

        Work work() {
            // A step streams all [4H x (X+H)] weights once: the same FLOPs, plus the bytes read.
            return name.equals("stream") ? Work.lstmStep(1, hidden, 2.0 * hidden) : new Work(flops(), 0, 0);
        }

        /** The model and data of the case, as {@code jlstm bench} makes them, and the operation timed. */
        Supplier<Object> operation(String backend, int threads) {
            RnnConfig config = RnnConfig.lstm(hidden, hidden).withLayers(layers);
            if (directions == 2) {
                config = config.withBidirectional(Merge.CONCAT);
            }
            Rnn rnn = Rnn.create(config, 1, Backends.byName(backend));
            rnn.setThreads(threads);
            int n = steps * batch * hidden;
            switch (name) {
                case "stream": {
                    RnnState state = rnn.newState(1);
                    float[] x = data(hidden, 2);
                    return () -> {
                        rnn.step(x, 0, state);
                        return state.output();
                    };
                }
                case "train": {
                    float[] x = data(n, 3);
                    float[] ones = new float[n]; // d sum(output) / d output
                    Arrays.fill(ones, 1f);
                    return () -> {
                        rnn.zeroGrad();
                        RnnTrace trace = rnn.forwardForTraining(x, steps, batch, null, null, null);
                        return trace.backward(ones, null, null);
                    };
                }
                default: {
                    float[] x = data(n, 4);
                    return () -> rnn.forward(x, steps, batch);
                }
            }
        }

        /** Standard normal values from {@code seed}, as {@code jlstm bench} draws them. */
        private static float[] data(int n, long seed) {
            Random r = new Random(seed);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) r.nextGaussian();
            }
            return a;
        }
    }
}
