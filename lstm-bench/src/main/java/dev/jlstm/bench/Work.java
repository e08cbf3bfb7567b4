package dev.jlstm.bench;

import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What one benchmark operation does, from which {@link BenchMain} derives rates from the time per op.
 * A quantity that does not apply to a benchmark is 0 and its column stays empty.
 *
 * @param flops       floating-point operations (a multiply-add counts as two)
 * @param weightBytes bytes of weights read from the packed matrix
 * @param elements    values produced by an elementwise function
 */
record Work(double flops, double weightBytes, double elements) {

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
    static int param(BenchmarkParams p, String name) {
        return Integer.parseInt(p.getParam(name));
    }
}
