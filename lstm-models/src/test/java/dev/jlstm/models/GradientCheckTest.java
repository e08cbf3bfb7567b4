package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through time against central finite differences of an independent
 * double-precision implementation ({@link ReferenceRnn}), for every layer kind, stacked and
 * bidirectional (both merges), with and without biases, lengths and initial states: the gradients
 * of every parameter element, of every input element and of the initial states, on both backends.
 *
 * <p>The loss is {@code sum(output * R) + sum(hn * Rh) + sum(cn * Rc)} with random {@code R}s, so every
 * output and final state carries gradient.
 *
 * <p>Tolerance: the finite differences (step 1e-6 in double) are exact to about 1e-9; the analytic
 * gradients are float32, computed through {@code T} steps of sums of {@code X + H + 2} terms, so
 * they carry a relative error of order {@code T (X + H) u}, about 1e-5 here ({@code u = 6e-8}).
 * We allow {@code 1e-3} of the largest gradient of the tensor plus {@code 1e-3} relative: 100 times
 * that estimate, and far below the error of any wrong term (which moves a gradient by a sizeable
 * fraction of itself).
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;

    static List<Arguments> cases() {
        RnnConfig lstm = RnnConfig.lstm(3, 4);
        RnnConfig gru = RnnConfig.gru(3, 4);
        List<RnnConfig> configs = List.of(
                lstm,
                lstm.withBias(false),
                lstm.withLayers(2),
                lstm.withBidirectional(Merge.CONCAT),
                lstm.withBidirectional(Merge.SUM).withLayers(2),
                lstm.withBidirectional(Merge.CONCAT).withLayers(2),
                gru,
                gru.withBias(false),
                gru.withLayers(2).withBidirectional(Merge.CONCAT),
                gru.withBidirectional(Merge.SUM));
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("scalar", "vector")) {
            int i = 0;
            for (RnnConfig c : configs) {
                boolean lengths = i % 2 == 1;
                boolean initial = i % 3 != 2;
                cases.add(Arguments.of(backend, c, lengths, initial));
                i++;
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} lengths={2} h0={3}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String backendName, RnnConfig cfg, boolean withLengths, boolean withInitial) {
        Backend backend = Backends.byName(backendName);
        int steps = 5, batch = 3;
        Random rnd = new Random(cfg.hashCode() * 31L + (withLengths ? 1 : 0));
        Rnn rnn = Rnn.create(cfg, 11, backend);
        for (Parameter p : rnn.parameters()) { // larger weights: gates away from 0.5, gradients non-trivial
            backend.scale(p.size(), 2f, p.value(), 0);
            p.markUpdated();
        }
        int[] lengths = withLengths ? new int[] {5, 2, 4} : null;
        int stateSize = cfg.stateRows() * batch * cfg.hiddenSize();
        float[] x = uniform(rnd, steps * batch * cfg.inputSize(), 1.5);
        float[] h0 = withInitial ? uniform(rnd, stateSize, 1) : null;
        float[] c0 = withInitial && cfg.cell() == CellType.LSTM ? uniform(rnd, stateSize, 1) : null;
        float[] r = uniform(rnd, steps * batch * cfg.outputSize(), 1);
        float[] rh = uniform(rnd, stateSize, 1);
        float[] rc = cfg.cell() == CellType.LSTM ? uniform(rnd, stateSize, 1) : null;

        rnn.zeroGrad();
        RnnTrace trace = rnn.forwardForTraining(x, steps, batch, lengths, h0, c0);
        RnnGradients g = trace.backward(r, rh, rc);

        ReferenceRnn ref = ReferenceRnn.of(rnn);
        double[] xd = ReferenceRnn.toDouble(x);
        double[] h0d = h0 == null ? null : ReferenceRnn.toDouble(h0);
        double[] c0d = c0 == null ? null : ReferenceRnn.toDouble(c0);
        double[] rd = ReferenceRnn.toDouble(r), rhd = ReferenceRnn.toDouble(rh);
        double[] rcd = rc == null ? null : ReferenceRnn.toDouble(rc);
        ReferenceRnn.Result want = ref.forward(xd, steps, batch, lengths, h0d, c0d);
        assertClose(cfg + " output", want.out(), trace.output().output(), 1e-5);
        assertClose(cfg + " hn", want.hn(), trace.output().hn(), 1e-5);

        Loss loss = () -> ref.loss(xd, steps, batch, lengths, h0d, c0d, rd, rhd, rcd);
        for (int i = 0; i < ref.params.length; i++) {
            compare(cfg + " d" + rnn.parameters().get(i).name(), ref.params[i], rnn.parameters().get(i).grad(), loss);
        }
        compare(cfg + " dx", xd, g.input(), loss);
        if (h0d != null) {
            compare(cfg + " dh0", h0d, g.h0(), loss);
        }
        if (c0d != null) {
            compare(cfg + " dc0", c0d, g.c0(), loss);
        }
    }

    private interface Loss {
        double value();
    }

    /** Central differences of the loss over every element of {@code values} (perturbed in place). */
    private static void compare(String what, double[] values, float[] analytic, Loss loss) {
        assertEquals(values.length, analytic.length, what + ": length");
        double[] fd = new double[values.length];
        double max = 0;
        for (int j = 0; j < values.length; j++) {
            double v = values[j];
            values[j] = v + EPS;
            double up = loss.value();
            values[j] = v - EPS;
            double down = loss.value();
            values[j] = v;
            fd[j] = (up - down) / (2 * EPS);
            max = Math.max(max, Math.abs(fd[j]));
        }
        for (int j = 0; j < values.length; j++) {
            double tol = 1e-3 * max + 1e-3 * Math.abs(fd[j]) + 1e-7;
            if (!(Math.abs(fd[j] - analytic[j]) <= tol)) {
                fail(what + "[" + j + "]: backprop " + analytic[j] + ", finite differences " + fd[j]
                        + " (largest " + max + ")");
            }
        }
    }

    static void assertClose(String what, double[] want, float[] got, double tol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
            }
        }
    }

    static float[] uniform(Random rnd, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return a;
    }
}
