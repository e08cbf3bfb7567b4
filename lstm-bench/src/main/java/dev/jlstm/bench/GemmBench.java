package dev.jlstm.bench;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.Arrays;
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
 * The matrix product of an LSTM's recurrent weights with a small batch:
 * {@code C[M x 4H] += A[M x H] · Wᵀ}, where {@code W [4H x H]} is a PyTorch-style weight.
 *
 * <ul>
 *   <li>{@code packed}: {@code W} packed once in setup by {@code backend.pack(true, ...)}, as a layer
 *       does at construction; this is the product a training step runs per time step.</li>
 *   <li>{@code unpacked}: {@code gemm(false, true, ...)} on the raw weight; a backend may pack per call,
 *       and the difference to {@code packed} is what that costs.</li>
 * </ul>
 * The large input projection ({@code M = 4096}) is {@link GemmLargeBench}.
 *
 * <p>State: per thread, random {@code A} and {@code W} in [-1, 1); {@code C} accumulates and is zeroed
 * before each iteration so its values stay small. Units: microseconds per product;
 * {@link BenchMain} adds GFLOP/s from {@code 2*M*N*K}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class GemmBench {

    @Param({"scalar", "vector"})
    public String backend;

    /** Hidden units: the product is {@code [M x H] · [H x 4H]}. */
    @Param({"256", "512"})
    public int H;

    /** Rows of {@code A}: the batch. */
    @Param({"32"})
    public int M;

    private Backend impl;
    private float[] a;
    private float[] w;
    private PackedMatrix packedW;
    private float[] c;
    private int n;
    private int k;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.byName(backend);
        n = 4 * H;
        k = H;
        a = BenchData.uniform(1, M * k, 1);
        w = BenchData.uniform(2, n * k, 1);
        packedW = impl.pack(true, k, n, w, 0, k);
        c = new float[M * n];
    }

    @Setup(Level.Iteration)
    public void clearC() {
        Arrays.fill(c, 0f);
    }

    @Benchmark
    public float[] packed() {
        impl.gemm(false, M, a, 0, k, packedW, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] unpacked() {
        impl.gemm(false, true, M, n, k, a, 0, k, w, 0, k, c, 0, n);
        return c;
    }

    /** For {@link BenchMain}: {@code 2*M*N*K} with {@code N = 4H, K = H}. */
    static Work work(Work.Params p) {
        int h = Work.param(p, "H");
        return Work.product(Work.param(p, "M"), 4.0 * h, h);
    }
}
