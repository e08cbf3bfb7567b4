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
 * The input projection of a whole sequence, {@code C[M x 4H] += X[M x H] · W_ihᵀ} for
 * {@code M = T*B = 4096} rows at once, with {@code W_ih [4H x H]} packed once in setup by
 * {@code backend.pack(true, ...)}. This is the compute-bound product of a forward pass; the number to
 * compare with the machine's FMA peak.
 *
 * <p>A product takes tens of milliseconds (vector) to about a second (scalar), so this class has fewer,
 * longer iterations than {@link GemmBench}: still several operations per iteration for the vector
 * backend, and enough warm-up for C2 to compile the kernels, which happens within the first operation.
 *
 * <p>State: per thread, random {@code X} and {@code W_ih} in [-1, 1); {@code C} accumulates and is
 * zeroed before each iteration. Units: milliseconds per product; {@link BenchMain} adds GFLOP/s from
 * {@code 2*M*N*K}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class GemmLargeBench {

    @Param({"scalar", "vector"})
    public String backend;

    /** Hidden units (and inputs): the product is {@code [M x H] · [H x 4H]}. */
    @Param({"256", "512"})
    public int H;

    /** Rows: time steps times batch. */
    @Param({"4096"})
    public int M;

    private Backend impl;
    private float[] x;
    private PackedMatrix packedW;
    private float[] c;
    private int n;
    private int k;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.byName(backend);
        n = 4 * H;
        k = H;
        x = BenchData.uniform(1, M * k, 1);
        packedW = impl.pack(true, k, n, BenchData.uniform(2, n * k, 1), 0, k);
        c = new float[M * n];
    }

    @Setup(Level.Iteration)
    public void clearC() {
        Arrays.fill(c, 0f);
    }

    @Benchmark
    public float[] packed() {
        impl.gemm(false, M, x, 0, k, packedW, c, 0, n);
        return c;
    }

    /** For {@link BenchMain}: {@code 2*M*N*K} with {@code N = 4H, K = H}. */
    static Work work(Work.Params p) {
        int h = Work.param(p, "H");
        return Work.product(Work.param(p, "M"), 4.0 * h, h);
    }
}
