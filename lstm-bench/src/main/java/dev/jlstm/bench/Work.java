package dev.jlstm.bench;

/**
 * What one benchmark operation does, from which {@link BenchMain} and {@link JdkReport} derive rates
 * from the time per op. A quantity that does not apply to a benchmark is 0 and its column stays empty.
 *
 * @param flops       floating-point operations (a multiply-add counts as two)
 * @param weightBytes bytes of weights read from the packed matrix
 * @param elements    values produced by an elementwise function
 */
record Work(double flops, double weightBytes, double elements) {

    /**
     * A benchmark's parameters by name, as JMH gives them: {@code BenchmarkParams::getParam} in a run,
     * the {@code "params"} object of JMH's JSON results afterwards. Null for a name the run lacks.
     */
    @FunctionalInterface
    interface Params {
        String get(String name);
    }

    /**
     * What one operation of a benchmark does.
     *
     * @param benchmark the full benchmark name, {@code dev.jlstm.bench.GemmBench.packed}
     * @return null for a benchmark this class does not know
     * @throws RuntimeException (NumberFormatException, IllegalArgumentException) for parameters that
     *                          do not describe a shape
     */
    static Work of(String benchmark, Params p) {
        int method = benchmark.lastIndexOf('.');
        String benchClass = method < 0 ? benchmark : benchmark.substring(0, method);
        String pkg = Work.class.getPackageName() + ".";
        if (!benchClass.startsWith(pkg)) {
            return null;
        }
        // A switch, not a map of method references: only the class named is loaded (the report
        // generator runs without the benchmarks' incubator module, which VectorApiActivationBench uses).
        switch (benchClass.substring(pkg.length())) {
            case "GemmBench":
                return GemmBench.work(p);
            case "GemmLargeBench":
                return GemmLargeBench.work(p);
            case "LstmStreamingStepBench":
                return LstmStreamingStepBench.work(p);
            case "LstmBatchStepBench":
                return LstmBatchStepBench.work(p);
            case "LstmSuiteBench":
                return LstmSuiteBench.work(p);
            case "ActivationBench":
                return ActivationBench.work(p);
            case "VectorApiActivationBench":
                return VectorApiActivationBench.work(p);
            default:
                return null;
        }
    }

    /** A matrix product {@code [m x k] · [k x n]}: {@code 2*m*n*k} flops. */
    static Work product(double m, double n, double k) {
        return new Work(2 * m * n * k, 0, 0);
    }

    /**
     * One fused LSTM step of {@code batch} rows on {@code k} inputs: the product with the packed
     * {@code [4H x k]} weights, whose floats are all streamed once. The activations and the cell update
     * are O(batch*H) next to O(batch*H*k) and are not counted.
     */
    static Work lstmStep(double batch, double hidden, double k) {
        return new Work(2 * batch * 4 * hidden * k, Float.BYTES * 4 * hidden * k, 0);
    }

    /** An elementwise function over {@code n} values. */
    static Work elementwise(double n) {
        return new Work(0, 0, n);
    }

    /** The integer value of a {@code @Param} of the run. */
    static int param(Params p, String name) {
        String value = p.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return Integer.parseInt(value.trim());
    }
}
