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
 * One fused LSTM step of a batch inside a sequence forward pass: the input projection of all time
 * steps is already done (here the fixed {@code pre [B x 4H]}), so a step is {@code pre + h · W_hhᵀ}
 * with {@code W_hh} packed once by {@code packGates(4, H, H, ...)}, then the gate nonlinearities and
 * the cell update, in one {@code lstmStep} call. The new {@code h} becomes the next call's input (the
 * two buffers swap), so the state is carried as in a real sequence.
 *
 * <p>Unlike {@link LstmStreamingStepBench}, the {@code B} rows share each pass over the weights, so
 * this is closer to a matrix product than to a weight stream.
 *
 * <p>State: per thread, PyTorch-like {@code W_hh} (uniform in {@code ±1/sqrt(H)}), random
 * {@code pre}, and the carried {@code h} and {@code c}, which stay bounded. Units: microseconds per
 * step; {@link BenchMain} adds GFLOP/s from {@code 2*B*4H*H} and GB/s from {@code 4 bytes * 4H*H}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class LstmBatchStepBench {

    @Param({"scalar", "vector"})
    public String backend;

    /** Hidden units. */
    @Param({"256", "512"})
    public int H;

    /** Rows of the batch. */
    @Param({"32"})
    public int B;

    private Backend impl;
    private PackedMatrix packedHH;
    private float[] pre;
    private float[] h;
    private float[] hOut;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.byName(backend);
        packedHH = impl.packGates(4, H, H, BenchData.lstmWeights(1, 4 * H, H, H), 0, H);
        pre = BenchData.uniform(2, B * 4 * H, 1);
        h = BenchData.uniform(3, B * H, 1);
        hOut = new float[B * H];
        c = new float[B * H];
    }

    @Benchmark
    public float[] step() {
        impl.lstmStep(B, packedHH, h, 0, H, pre, 0, 4 * H, c, 0, c, 0, hOut, 0, H, null, 0);
        // The output must not overlap the input: swap instead of copying B*H floats.
        float[] next = hOut;
        hOut = h;
        h = next;
        return next;
    }

    /** For {@link BenchMain}: {@code B} rows, {@code K = H}. */
    static Work work(Work.Params p) {
        return Work.lstmStep(Work.param(p, "B"), Work.param(p, "H"), Work.param(p, "H"));
    }
}
