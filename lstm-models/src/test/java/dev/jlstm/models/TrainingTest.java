package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pieces of a training loop together: the dense head and the losses against finite
 * differences, truncated BPTT against full BPTT, and a small network that must actually learn.
 */
class TrainingTest {

    @Test
    void denseHeadAndCrossEntropyGradientsMatchFiniteDifferences() {
        Random rnd = new Random(5);
        int rows = 4, in = 3, classes = 5;
        Dense head = Dense.create(in, classes, 1, Backends.scalar());
        float[] x = GradientCheckTest.uniform(rnd, rows * in, 2);
        int[] targets = {0, 4, -1, 2}; // row 2 ignored
        float[] logits = head.forward(x, rows);
        float[] dLogits = new float[rows * classes];
        double loss = Losses.softmaxCrossEntropy(Backends.scalar(), logits, rows, classes, targets, dLogits);
        float[] dx = head.backward(x, rows, dLogits);

        // Loss in double straight from the definition.
        java.util.function.Supplier<Double> ref = () -> {
            double total = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                if (targets[r] < 0) {
                    continue;
                }
                double[] z = new double[classes];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < classes; j++) {
                    z[j] = head.parameters().get(1).value()[j];
                    for (int p = 0; p < in; p++) {
                        z[j] += (double) head.parameters().get(0).value()[j * in + p] * x[r * in + p];
                    }
                    max = Math.max(max, z[j]);
                }
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                total -= z[targets[r]] - max - Math.log(sum);
                n++;
            }
            return total / n;
        };
        assertEquals(ref.get(), loss, 1e-6);
        // float32 values, central differences with step 1e-3 on float inputs: truncation error
        // O(h^2 f''') ~ 1e-6, rounding ~ 1e-7 / 1e-3 = 1e-4 of the loss scale: tolerance 5e-4.
        for (Parameter p : head.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                assertEquals(centralDifference(p.value(), i, ref), p.grad()[i], 5e-4, p.name() + "[" + i + "]");
            }
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(centralDifference(x, i, ref), dx[i], 5e-4, "dx[" + i + "]");
        }
    }

    /** d loss / d v[i] by central differences with step 1e-3 (divided by the float step actually taken). */
    private static double centralDifference(float[] v, int i, java.util.function.Supplier<Double> loss) {
        float keep = v[i];
        v[i] = keep + 1e-3f;
        double up = loss.get();
        v[i] = keep - 1e-3f;
        double down = loss.get();
        v[i] = keep;
        return (up - down) / ((double) (keep + 1e-3f) - (keep - 1e-3f));
    }

    @Test
    void meanSquaredErrorAndItsGradient() {
        float[] pred = {1, 2, 3, 4};
        float[] target = {0, 2, 5, 3};
        float[] d = new float[4];
        assertEquals((1 + 0 + 4 + 1) / 4.0, Losses.meanSquaredError(pred, target, d), 1e-12);
        assertArrayEquals(new float[] {0.5f, 0f, -1f, 0.5f}, d);
    }

    /**
     * Truncated BPTT over chunks: the state carried from chunk to chunk gives the same outputs as one
     * pass over the whole sequence; with a single chunk the gradients equal full BPTT's, and with
     * several they differ (no gradient crosses a chunk boundary).
     */
    @Test
    void truncatedBpttCarriesStateButNotGradients() {
        RnnConfig cfg = RnnConfig.lstm(2, 6).withLayers(2);
        int steps = 8, batch = 2, k = 3;
        float[] x = GradientCheckTest.uniform(new Random(6), steps * batch * 2, 1);
        Rnn full = Rnn.create(cfg, 4, Backends.scalar());
        RnnTrace whole = full.forwardForTraining(x, steps, batch, null, null, null);
        float[] ones = new float[steps * batch * 6];
        java.util.Arrays.fill(ones, 1f);
        whole.backward(ones, null, null);

        Rnn chunked = Rnn.create(cfg, 4, Backends.scalar());
        float[] h = null, c = null;
        List<Float> outputs = new ArrayList<>();
        for (int t0 = 0; t0 < steps; t0 += k) {
            int len = Math.min(k, steps - t0);
            float[] chunk = java.util.Arrays.copyOfRange(x, t0 * batch * 2, (t0 + len) * batch * 2);
            RnnTrace trace = chunked.forwardForTraining(chunk, len, batch, null, h, c);
            trace.backward(java.util.Arrays.copyOf(ones, len * batch * 6), null, null);
            for (float v : trace.output().output()) {
                outputs.add(v);
            }
            h = trace.output().hn();
            c = trace.output().cn();
        }
        float[] wholeOut = whole.output().output();
        for (int i = 0; i < wholeOut.length; i++) {
            assertEquals(wholeOut[i], outputs.get(i), 1e-6, "carried state: same outputs at " + i);
        }
        float[] gFull = full.namedParameters().get("weight_hh_l0").grad();
        float[] gChunk = chunked.namedParameters().get("weight_hh_l0").grad();
        double diff = 0;
        for (int i = 0; i < gFull.length; i++) {
            diff = Math.max(diff, Math.abs(gFull[i] - gChunk[i]));
        }
        assertTrue(diff > 1e-4, "gradients stop at chunk boundaries, so they differ from full BPTT: " + diff);
    }

    /**
     * A small LSTM learns to tell whether the value marked at a random step was positive, read at
     * the end of the sequence: a network without memory cannot do better than chance.
     */
    @Test
    void anLstmLearnsToRememberTheFirstInput() {
        int steps = 12, batch = 16, hidden = 16;
        Rnn rnn = Rnn.create(RnnConfig.lstm(2, hidden), 1);
        rnn.setForgetBias(1f);
        Dense head = Dense.create(hidden, 2, 2);
        List<Parameter> params = new ArrayList<>(rnn.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, 0.02);
        Random rnd = new Random(7);
        double accuracy = 0;
        for (int it = 0; it < 300 && accuracy < 0.99; it++) {
            float[] x = new float[steps * batch * 2]; // per step: a value and a marker
            int[] targets = new int[batch];
            for (int b = 0; b < batch; b++) {
                int marked = rnd.nextInt(steps / 2);
                for (int t = 0; t < steps; t++) {
                    x[(t * batch + b) * 2] = (float) rnd.nextGaussian();
                }
                x[(marked * batch + b) * 2 + 1] = 1f;
                targets[b] = x[(marked * batch + b) * 2] > 0 ? 1 : 0;
            }
            params.forEach(Parameter::zeroGrad);
            RnnTrace trace = rnn.forwardForTraining(x, steps, batch, null, null, null);
            float[] last = Sequences.lastSteps(trace.output().output(), steps, batch, hidden, null);
            float[] logits = head.forward(last, batch);
            float[] dLogits = new float[batch * 2];
            Losses.softmaxCrossEntropy(rnn.backend(), logits, batch, 2, targets, dLogits);
            float[] dLast = head.backward(last, batch, dLogits);
            trace.backward(Sequences.scatterLastSteps(dLast, steps, batch, hidden, null), null, null);
            Optimizer.clipGradNorm(params, 5);
            adam.step();
            int right = 0;
            for (int b = 0; b < batch; b++) {
                right += (logits[2 * b + 1] > logits[2 * b]) == (targets[b] == 1) ? 1 : 0;
            }
            accuracy = 0.9 * accuracy + 0.1 * right / batch;
        }
        assertTrue(accuracy > 0.9, "running accuracy after training: " + accuracy);
    }
}
