package dev.jlstm.examples;

import dev.jlstm.core.Backends;
import dev.jlstm.models.Rnn;
import dev.jlstm.models.RnnConfig;
import dev.jlstm.models.RnnState;
import dev.jlstm.models.RnnTrace;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * {@code jlstm bench}: the LSTM suite that {@code bench/pytorch_bench.py} runs in PyTorch, with the
 * same cases, FLOP counts and JSON lines, so that {@code bench/run.sh} can put them side by side.
 */
final class BenchCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: jlstm bench [--json] [--cases stream,seq_infer,train,bilstm_infer,stacked_infer] [--threads N] [--quick]",
            "  Times LSTM inference and training (X = H, float32) after a warm-up: the median and minimum of",
            "  9 repetitions (5 with --quick) of at least 200 ms (50 ms) each. --json prints one JSON object",
            "  per case: case, H, B, T, layers, directions, threads, median_ms, min_ms, gflops, reps,",
            "  backend, jdk. FLOPs: 2*T*B*4H*(X+H) per layer and direction; training counts 3x forward.");

    private static final List<String> ALL = List.of("stream", "seq_infer", "train", "bilstm_infer", "stacked_infer");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "time LSTM inference and training (the suite bench/run.sh compares with PyTorch)";
    }

    /** One case: its shape and the operation timed. */
    private record Case(String name, int hidden, int batch, int steps, int layers, int directions, double flops,
                        Runnable op) {}

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        Options o = Options.parse(name(), args, Set.of("--cases", "--threads"), Set.of("--json", "--quick"));
        Set<String> names = new LinkedHashSet<>(ALL);
        if (o.has("--cases")) {
            names = new LinkedHashSet<>(Arrays.asList(o.get("--cases").split(",")));
            for (String n : names) {
                if (!ALL.contains(n)) {
                    throw new UsageException("unknown case '" + n + "'; the cases are " + String.join(", ", ALL));
                }
            }
        }
        int threads = Threads.parse(o.has("--threads") ? new String[] {"--threads", o.get("--threads")} : new String[0],
                name());
        boolean quick = o.has("--quick");
        boolean json = o.has("--json");
        if (!json) {
            out.printf("%-14s %5s %3s %4s %7s %11s %11s %9s%n", "case", "H", "B", "T", "threads", "median ms", "min ms",
                    "GFLOP/s");
        }
        for (String n : names) {
            for (Case c : cases(n, threads)) {
                double[] times = measure(c.op, quick);
                double median = times[times.length / 2];
                double gflops = c.flops / (median * 1e6);
                if (json) {
                    out.printf(Locale.ROOT, "{\"impl\": \"jlstm\", \"case\": \"%s\", \"H\": %d, \"B\": %d, \"T\": %d, "
                                    + "\"layers\": %d, \"directions\": %d, \"threads\": %d, \"median_ms\": %.6f, "
                                    + "\"min_ms\": %.6f, \"gflops\": %.3f, \"reps\": %d, \"backend\": \"%s\", \"jdk\": \"%s\"}%n",
                            c.name, c.hidden, c.batch, c.steps, c.layers, c.directions, threads, median, times[0], gflops,
                            times.length, Backends.get().name(), Runtime.version());
                } else {
                    out.printf(Locale.ROOT, "%-14s %5d %3d %4d %7d %11.4f %11.4f %9.2f%n", c.name, c.hidden, c.batch,
                            c.steps, threads, median, times[0], gflops);
                }
                out.flush();
            }
        }
        return 0;
    }

    private static List<Case> cases(String name, int threads) {
        List<Case> list = new ArrayList<>();
        switch (name) {
            case "stream":
                for (int h : new int[] {128, 256, 512, 1024}) {
                    Rnn rnn = Rnn.create(RnnConfig.lstm(h, h), 1);
                    rnn.setThreads(threads);
                    RnnState state = rnn.newState(1);
                    float[] x = data(h, 2);
                    list.add(new Case(name, h, 1, 1, 1, 1, forwardFlops(1, 1, h), () -> rnn.step(x, 0, state)));
                }
                break;
            case "seq_infer":
                for (int b : new int[] {1, 32}) {
                    for (int h : new int[] {256, 512}) {
                        list.add(inference(name, RnnConfig.lstm(h, h), 128, b, threads));
                    }
                }
                break;
            case "train":
                for (int h : new int[] {256, 512}) {
                    Rnn rnn = Rnn.create(RnnConfig.lstm(h, h), 1);
                    rnn.setThreads(threads);
                    float[] x = data(64 * 32 * h, 3);
                    float[] ones = new float[64 * 32 * h];
                    Arrays.fill(ones, 1f); // d sum(output) / d output
                    list.add(new Case(name, h, 32, 64, 1, 1, 3 * forwardFlops(64, 32, h), () -> {
                        rnn.zeroGrad();
                        RnnTrace trace = rnn.forwardForTraining(x, 64, 32, null, null, null);
                        trace.backward(ones, null, null);
                    }));
                }
                break;
            case "bilstm_infer":
                list.add(inference(name, RnnConfig.lstm(256, 256).withBidirectional(dev.jlstm.models.Merge.CONCAT),
                        128, 32, threads));
                break;
            case "stacked_infer":
                list.add(inference(name, RnnConfig.lstm(256, 256).withLayers(2), 128, 32, threads));
                break;
            default:
                throw new IllegalArgumentException(name);
        }
        return list;
    }

    private static Case inference(String name, RnnConfig config, int steps, int batch, int threads) {
        Rnn rnn = Rnn.create(config, 1);
        rnn.setThreads(threads);
        int h = config.hiddenSize();
        float[] x = data(steps * batch * h, 4);
        double flops = forwardFlops(steps, batch, h) * config.layers() * config.directions();
        return new Case(name, h, batch, steps, config.layers(), config.directions(), flops,
                () -> rnn.forward(x, steps, batch));
    }

    /** One layer and direction with X = H: {@code 2*T*B*4H*(X+H)}. */
    private static double forwardFlops(int steps, int batch, int h) {
        return 2.0 * steps * batch * 4 * h * (h + h);
    }

    private static float[] data(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Sorted milliseconds per call of each repetition, after a warm-up long enough for C2. */
    private static double[] measure(Runnable op, boolean quick) {
        long warmNanos = quick ? 300_000_000L : 1_000_000_000L;
        long start = System.nanoTime();
        for (int i = 0; i < 20 || System.nanoTime() - start < warmNanos; i++) {
            op.run();
        }
        int reps = quick ? 5 : 9;
        long repNanos = quick ? 50_000_000L : 200_000_000L;
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            long calls = 0;
            long t;
            do {
                op.run();
                calls++;
                t = System.nanoTime();
            } while (t - t0 < repNanos);
            ms[r] = (t - t0) / 1e6 / calls;
        }
        Arrays.sort(ms);
        return ms;
    }
}
