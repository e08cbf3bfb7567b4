package dev.jlstm.bench;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.concurrent.TimeUnit;
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
 * One fused LSTM step for a single sequence, as in streaming inference: gate pre-activations
 * {@code [x, h] · [W_ih | W_hh]ᵀ + b}, the gate nonlinearities and the cell update in one
 * {@code lstmStep} call over weights packed once by {@code packGates(4, H, X + H, ...)}, with
 * {@code X = H} inputs. Then the new {@code h} is copied into the input row for the next call, so the
 * state is carried from call to call as in a real stream.
 *
 * <p>With one row there is no reuse of the weights: each call streams all {@code 4H * 2H} floats of
 * them (512 KiB at H = 128 up to 32 MiB at H = 1024, i.e. from L2, L3 or memory), so the weight
 * bandwidth in GB/s is the number to read, beside GFLOP/s.
 *
 * <p>State: per thread, PyTorch-like weights and bias (uniform in {@code ±1/sqrt(H)}), a fixed random
 * input {@code x}, and the carried {@code h} and {@code c}, which stay bounded ({@code |h| < 1} and the
 * forget gate keeps {@code c} from growing). Units: microseconds per step; {@link BenchMain} adds
 * GFLOP/s from {@code 2*4H*(X+H)} and GB/s from {@code 4 bytes * 4H*(X+H)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class LstmStreamingStepBench {

    @Param({"scalar", "vector"})
    public String backend;

    /** Hidden units, also the input size X. */
    @Param({"128", "256", "512", "1024"})
    public int H;

    private Backend impl;
    private PackedMatrix packedW;
    private float[] bias;
    private int x;
    /** The step's input row {@code [x, h]}: {@code x} in {@code [0, X)}, the carried {@code h} after it. */
    private float[] xh;
    private float[] c;
    private float[] hOut;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.byName(backend);
        x = H;
        int k = x + H;
        packedW = impl.packGates(4, H, k, BenchData.lstmWeights(1, 4 * H, k, H), 0, k);
        bias = BenchData.uniform(2, 4 * H, 1 / Math.sqrt(H));
        xh = BenchData.uniform(3, k, 1);
        c = new float[H];
        hOut = new float[H];
    }

    @Benchmark
    public float[] step() {
        int k = x + H;
        impl.lstmStep(1, packedW, xh, 0, k, bias, 0, 0, c, 0, c, 0, hOut, 0, H, null, 0);
        // h must not overlap the input row, so the new h goes to hOut and is then carried over.
        System.arraycopy(hOut, 0, xh, x, H);
        return hOut;
    }

    /** For {@link BenchMain}: one row, {@code K = X + H = 2H}. */
    static Work work(Work.Params p) {
        int h = Work.param(p, "H");
        return Work.lstmStep(1, h, 2.0 * h);
    }
}
