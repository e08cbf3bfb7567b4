package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streaming, dropout, determinism, backend agreement and argument checks of {@link Rnn}. */
class RnnTest {

    /** The tests are meaningless if the vector backend silently fell back to the scalar one. */
    @Test
    void testsSeeTheVectorBackend() {
        assertEquals("vector", Backends.get().name());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "GRU"})
    void streamingStepsMatchTheWholeSequence(String cell) {
        RnnConfig cfg = RnnConfig.of(CellType.valueOf(cell), 5, 9).withLayers(2);
        for (Backend backend : List.of(Backends.scalar(), Backends.get())) {
            Rnn rnn = Rnn.create(cfg, 3, backend);
            int steps = 7, batch = 2;
            float[] x = GradientCheckTest.uniform(new Random(1), steps * batch * 5, 2);
            RnnOutput whole = rnn.forward(x, steps, batch);
            RnnState state = rnn.newState(batch);
            for (int t = 0; t < steps; t++) {
                rnn.step(x, t * batch * 5, state);
                for (int i = 0; i < batch * 9; i++) {
                    // Two summation orders of the same float sums: a few ulps of the O(1) values.
                    assertEquals(whole.output()[t * batch * 9 + i], state.output()[i], 2e-6,
                            backend + " " + cell + " step " + t);
                }
            }
            state.reset();
            rnn.step(x, 0, state);
            assertEquals(whole.output()[0], state.output()[0], 2e-6, "reset starts over");
        }
    }

    @Test
    void sameSeedSameBitsAndBackendsAgree() {
        RnnConfig cfg = RnnConfig.lstm(4, 16).withLayers(2).withBidirectional(Merge.CONCAT).withDropout(0.3);
        float[] x = GradientCheckTest.uniform(new Random(2), 6 * 3 * 4, 1);
        float[] first = train(Rnn.create(cfg, 9, Backends.get()), x);
        float[] again = train(Rnn.create(cfg, 9, Backends.get()), x);
        assertArrayEquals(first, again, "same seed, backend and threads: the same bits");
        float[] scalar = train(Rnn.create(cfg, 9, Backends.scalar()), x);
        for (int i = 0; i < first.length; i++) {
            // Float rounding of the two backends, carried through backward: relative 1e-4 at most here.
            assertEquals(scalar[i], first[i], 1e-4 * (1 + Math.abs(scalar[i])), "backends agree at " + i);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        RnnConfig cfg = RnnConfig.lstm(48, 64).withLayers(2).withBidirectional(Merge.CONCAT);
        float[] x = GradientCheckTest.uniform(new Random(9), 40 * 8 * 48, 1);
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            Rnn rnn = Rnn.create(cfg, 13);
            rnn.setThreads(threads);
            assertEquals(threads, rnn.threads());
            float[] got = trainOnce(rnn, x);
            if (reference == null) {
                reference = got;
            } else {
                assertArrayEquals(reference, got, "outputs and gradients with " + threads + " threads");
            }
        }
    }

    private static float[] trainOnce(Rnn rnn, float[] x) {
        RnnTrace trace = rnn.forwardForTraining(x, 40, 8, new int[] {40, 3, 17, 40, 1, 39, 40, 20}, null, null);
        float[] out = trace.output().output();
        float[] ones = new float[out.length];
        java.util.Arrays.fill(ones, 1f);
        RnnGradients g = trace.backward(ones, null, null);
        int n = out.length + g.input().length;
        for (Parameter p : rnn.parameters()) {
            n += p.size();
        }
        float[] all = java.util.Arrays.copyOf(out, n);
        System.arraycopy(g.input(), 0, all, out.length, g.input().length);
        int at = out.length + g.input().length;
        for (Parameter p : rnn.parameters()) {
            System.arraycopy(p.grad(), 0, all, at, p.size());
            at += p.size();
        }
        return all;
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAfterTraining() {
        RnnConfig cfg = RnnConfig.gru(4, 24).withLayers(2).withDropout(0.2);
        float[] x = GradientCheckTest.uniform(new Random(8), 5 * 4 * 4, 1);
        float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
            Rnn rnn = Rnn.create(cfg, 21);
            Adam adam = new Adam(rnn.parameters(), 0.01);
            for (int step = 0; step < 5; step++) {
                rnn.zeroGrad();
                train(rnn, x, 5, 4);
                adam.step();
            }
            runs[run] = rnn.parameters().get(3).value().clone();
        }
        assertArrayEquals(runs[0], runs[1], "same seed, backend and threads: the same weights after training");
    }

    private static void train(Rnn rnn, float[] x, int steps, int batch) {
        RnnTrace trace = rnn.forwardForTraining(x, steps, batch, null, null, null);
        float[] ones = new float[trace.output().output().length];
        java.util.Arrays.fill(ones, 1f);
        trace.backward(ones, null, null);
    }

    /** Forward and backward with dropout; returns the output followed by every gradient. */
    private static float[] train(Rnn rnn, float[] x) {
        RnnTrace trace = rnn.forwardForTraining(x, 6, 3, new int[] {6, 4, 1}, null, null);
        float[] out = trace.output().output();
        float[] ones = new float[out.length];
        java.util.Arrays.fill(ones, 1f);
        trace.backward(ones, null, null);
        int n = out.length;
        for (Parameter p : rnn.parameters()) {
            n += p.size();
        }
        float[] all = java.util.Arrays.copyOf(out, n);
        int at = out.length;
        for (Parameter p : rnn.parameters()) {
            System.arraycopy(p.grad(), 0, all, at, p.size());
            at += p.size();
        }
        return all;
    }

    @Test
    void dropoutActsInTrainingOnlyAndScalesKeptUnits() {
        RnnConfig cfg = RnnConfig.gru(3, 64).withLayers(2).withDropout(0.5);
        Rnn rnn = Rnn.create(cfg, 5);
        Rnn noDrop = Rnn.create(cfg.withDropout(0), 5);
        float[] x = GradientCheckTest.uniform(new Random(3), 4 * 2 * 3, 1);
        assertArrayEquals(noDrop.forward(x, 4, 2).output(), rnn.forward(x, 4, 2).output(), "no dropout in inference");
        float[] a = rnn.forwardForTraining(x, 4, 2, null, null, null).output().output();
        float[] b = rnn.forwardForTraining(x, 4, 2, null, null, null).output().output();
        assertFalse(java.util.Arrays.equals(a, b), "each training pass draws new masks");
    }

    @Test
    void forgetBias() {
        Rnn rnn = Rnn.create(RnnConfig.lstm(2, 3), 1);
        rnn.setForgetBias(1f);
        float[] bih = rnn.namedParameters().get("bias_ih_l0").value();
        float[] bhh = rnn.namedParameters().get("bias_hh_l0").value();
        for (int u = 0; u < 3; u++) {
            assertEquals(1f, bih[3 + u] + bhh[3 + u]);
        }
        assertThrows(IllegalStateException.class, () -> Rnn.create(RnnConfig.gru(2, 3), 1).setForgetBias(1f));
    }

    @Test
    void parametersHavePyTorchNamesAndShapes() {
        Rnn rnn = Rnn.create(RnnConfig.gru(3, 4).withLayers(2).withBidirectional(Merge.CONCAT), 1);
        List<String> names = rnn.parameters().stream().map(Parameter::toString).toList();
        assertEquals(List.of("weight_ih_l0[12, 3]", "weight_hh_l0[12, 4]", "bias_ih_l0[12]", "bias_hh_l0[12]",
                "weight_ih_l0_reverse[12, 3]", "weight_hh_l0_reverse[12, 4]", "bias_ih_l0_reverse[12]",
                "bias_hh_l0_reverse[12]", "weight_ih_l1[12, 8]", "weight_hh_l1[12, 4]", "bias_ih_l1[12]",
                "bias_hh_l1[12]", "weight_ih_l1_reverse[12, 8]", "weight_hh_l1_reverse[12, 4]",
                "bias_ih_l1_reverse[12]", "bias_hh_l1_reverse[12]"), names);
        float bound = (float) (1 / Math.sqrt(4));
        for (Parameter p : rnn.parameters()) {
            for (float v : p.value()) {
                assertTrue(Math.abs(v) <= bound, p + " initialized within 1/sqrt(H)");
            }
        }
    }

    @Test
    void rejectsBadInput() {
        Rnn rnn = Rnn.create(RnnConfig.lstm(3, 4).withLayers(2), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(new float[10], 2, 2));
        assertTrue(e.getMessage().contains("x must be [2 x 2 x 3] = 12 floats, found 10"), e.getMessage());
        float[] x = new float[12];
        x[7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(x, 2, 2));
        assertTrue(e.getMessage().contains("x holds NaN at [1, 0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rnn.forward(new float[12], 2, 2, new int[] {2, 3}, null, null));
        assertTrue(e.getMessage().contains("lengths[1] must be in [1, 2], found 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rnn.forward(new float[12], 2, 2, null, new float[8], null));
        assertTrue(e.getMessage().contains("h0 must be [2 x 2 x 4] = 16 floats, found 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rnn.step(new float[3], 0, rnn.newState(2)));
        assertTrue(e.getMessage().contains("x must hold [2 x 3] = 6 floats from offset 0"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> Rnn.create(RnnConfig.lstm(3, 4).withBidirectional(Merge.CONCAT), 1).newState(1));
        assertThrows(IllegalArgumentException.class, () -> RnnConfig.lstm(3, 4).withDropout(1.0));
    }
}
