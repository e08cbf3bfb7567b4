package dev.jlstm.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The Vector API's own transcendental functions, the alternative to the vector backend's
 * approximations that {@link ActivationBench} measures: sigmoid as {@code 1 / (1 + lanewise(EXP)(-x))}
 * and tanh as {@code lanewise(TANH)}, on {@code FloatVector.SPECIES_PREFERRED}. Their speed depends on
 * the JDK and the CPU (a native math-library stub, or a much slower Java fallback), which is why jlstm
 * has its own: run this on every JDK you care about.
 *
 * <p>State: per thread, the same {@code n} inputs as {@link ActivationBench} (uniform in [-8, 8), same
 * seed) and an output array. Units: nanoseconds per call of {@code n} values; {@link BenchMain} adds
 * elements per nanosecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING})
public class VectorApiActivationBench {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Values per call. */
    @Param({"4096"})
    public int n;

    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        x = BenchData.uniform(1, n, 8);
        y = new float[n];
    }

    @Benchmark
    public float[] sigmoidViaExp() {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(y, i);
        }
        for (; i < n; i++) { // tail, empty when n is a multiple of the lane count
            y[i] = 1f / (1f + (float) Math.exp(-x[i]));
        }
        return y;
    }

    @Benchmark
    public float[] tanhLanewise() {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
        return y;
    }

    /** For {@link BenchMain}: {@code n} values per call. */
    static Work work(Work.Params p) {
        return Work.elementwise(Work.param(p, "n"));
    }
}
