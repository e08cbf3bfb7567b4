package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimizers against PyTorch's update rules written out in double precision, gradient clipping,
 * the non-finite checks, and state restore.
 */
class OptimizerTest {

    private static Parameter param(String name, float[] value, float[] grad) {
        Parameter p = new Parameter(name, value.length);
        System.arraycopy(value, 0, p.value(), 0, value.length);
        System.arraycopy(grad, 0, p.grad(), 0, grad.length);
        return p;
    }

    @Test
    void adamAndAdamWFollowTorchRules() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Random rnd = new Random(decoupled ? 1 : 2);
            float[] w0 = GradientCheckTest.uniform(rnd, 7, 1);
            Parameter p = param("w", w0, new float[7]);
            double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
            Adam adam = new Adam(List.of(p), LearningRateSchedule.constant(lr), b1, b2, eps, wd, decoupled);
            double[] w = ReferenceRnn.toDouble(w0), m = new double[7], v = new double[7];
            for (int t = 1; t <= 4; t++) {
                float[] g = GradientCheckTest.uniform(rnd, 7, 2);
                System.arraycopy(g, 0, p.grad(), 0, 7);
                adam.step();
                for (int i = 0; i < 7; i++) {
                    double gi = g[i];
                    if (decoupled) {
                        w[i] -= lr * wd * w[i];
                    } else {
                        gi += wd * w[i];
                    }
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    w[i] -= lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
                    // float state and weights: a few ulps of relative error per step
                    assertEquals(w[i], p.value()[i], 1e-6 * (1 + Math.abs(w[i])), "Adam decoupled=" + decoupled + " step " + t);
                }
            }
            assertEquals(4, adam.steps());
            assertEquals(4, p.version(), "each step marks the parameter updated");
        }
    }

    @Test
    void sgdWithMomentumFollowsTorchRules() {
        Random rnd = new Random(3);
        float[] w0 = GradientCheckTest.uniform(rnd, 5, 1);
        Parameter p = param("w", w0, new float[5]);
        Sgd sgd = new Sgd(List.of(p), LearningRateSchedule.stepDecay(0.1, 0.5, 2), 0.9, 0.01);
        double[] w = ReferenceRnn.toDouble(w0), buf = new double[5];
        for (int t = 1; t <= 5; t++) {
            float[] g = GradientCheckTest.uniform(rnd, 5, 1);
            System.arraycopy(g, 0, p.grad(), 0, 5);
            double lr = 0.1 * Math.pow(0.5, (t - 1) / 2);
            assertEquals(lr, sgd.nextRate(), 1e-15);
            sgd.step();
            for (int i = 0; i < 5; i++) {
                double d = g[i] + 0.01 * w[i];
                buf[i] = t == 1 ? d : 0.9 * buf[i] + d;
                w[i] -= lr * buf[i];
                assertEquals(w[i], p.value()[i], 1e-6, "SGD step " + t);
            }
        }
    }

    @Test
    void nonFiniteGradientStopsBeforeAnyUpdate() {
        Parameter a = param("a", new float[] {1, 2}, new float[] {0.5f, 0.5f});
        Parameter b = param("b", new float[] {3}, new float[] {Float.NaN});
        Adam adam = new Adam(List.of(a, b), 0.1);
        NonFiniteException e = assertThrows(NonFiniteException.class, adam::step);
        assertEquals("step 1: the gradient of b holds NaN at element 0; parameters not updated", e.getMessage());
        assertArrayEquals(new float[] {1, 2}, a.value(), "nothing updated");
        assertEquals(0, adam.steps());
        b.grad()[0] = Float.POSITIVE_INFINITY;
        assertThrows(NonFiniteException.class, () -> Optimizer.clipGradNorm(List.of(a, b), 1));
    }

    @Test
    void clipGradNormScalesToTheLimit() {
        Parameter a = param("a", new float[2], new float[] {3, 0});
        Parameter b = param("b", new float[1], new float[] {4});
        assertEquals(5, Optimizer.clipGradNorm(List.of(a, b), 1), 1e-9);
        double norm = Math.sqrt(a.grad()[0] * a.grad()[0] + b.grad()[0] * b.grad()[0]);
        assertEquals(1, norm, 1e-5);
        assertEquals(4.0 / 3, b.grad()[0] / a.grad()[0], 1e-6, "direction kept");
        assertEquals(1, Optimizer.clipGradNorm(List.of(a, b), 2), 1e-5, "under the limit: unchanged");
    }

    @Test
    void restoredStateContinuesIdentically() {
        Random rnd = new Random(4);
        float[] w0 = GradientCheckTest.uniform(rnd, 6, 1);
        float[][] grads = {GradientCheckTest.uniform(rnd, 6, 1), GradientCheckTest.uniform(rnd, 6, 1),
                GradientCheckTest.uniform(rnd, 6, 1)};
        Parameter p = param("w", w0, new float[6]);
        Adam straight = new Adam(List.of(p), 0.05);
        for (float[] g : grads) {
            System.arraycopy(g, 0, p.grad(), 0, 6);
            straight.step();
        }
        Parameter q = param("w", w0, new float[6]);
        Adam first = new Adam(List.of(q), 0.05);
        System.arraycopy(grads[0], 0, q.grad(), 0, 6);
        first.step();
        Parameter r = param("w", q.value(), new float[6]);
        Adam resumed = new Adam(List.of(r), 0.05);
        resumed.restore(first.state(), first.steps());
        for (int i = 1; i < 3; i++) {
            System.arraycopy(grads[i], 0, r.grad(), 0, 6);
            resumed.step();
        }
        assertArrayEquals(p.value(), r.value(), "resume gives the same bits");
        assertTrue(first.state().containsKey("0.w.exp_avg_sq"), first.state().keySet().toString());
    }
}
