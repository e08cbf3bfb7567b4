package dev.jlstm.bench;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
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
 * The backends' elementwise gate nonlinearities, {@code backend.sigmoid} and {@code backend.tanh},
 * over {@code n} values: the vector backend's own approximations against the scalar
 * {@code Math.exp}/{@code Math.tanh} reference. {@link VectorApiActivationBench} measures the Vector
 * API's built-in {@code EXP} and {@code TANH} on the same inputs.
 *
 * <p>State: per thread, {@code n} random inputs uniform in [-8, 8), covering both the small arguments
 * and the nearly saturated ones, so that a kernel with branches or range splits pays for all of them;
 * the results go to a separate output array, and both arrays fit in L1. Units: nanoseconds per call of
 * {@code n} values; {@link BenchMain} adds elements per nanosecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class ActivationBench {

    @Param({"scalar", "vector"})
    public String backend;

    /** Values per call. */
    @Param({"4096"})
    public int n;

    private Backend impl;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.byName(backend);
        x = BenchData.uniform(1, n, 8);
        y = new float[n];
    }

    @Benchmark
    public float[] sigmoid() {
        impl.sigmoid(n, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] tanh() {
        impl.tanh(n, x, 0, y, 0);
        return y;
    }

    /** For {@link BenchMain}: {@code n} values per call. */
    static Work work(Work.Params p) {
        return Work.elementwise(Work.param(p, "n"));
    }
}
