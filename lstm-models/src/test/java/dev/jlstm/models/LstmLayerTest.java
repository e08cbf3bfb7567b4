package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LstmLayer} against the LSTM equations evaluated in double precision, on every backend
 * present (the scalar one and, in this module's tests, the vector one), for whole sequences and
 * step by step.
 */
class LstmLayerTest {
    static final int T = 6, B = 3, X = 7, H = 19;

    /** Both backends; the tests are pointless if the vector one silently fell back. */
    static List<Backend> backends() {
        assertEquals("vector", Backends.get().name(), "lstm-models tests must see the vector backend");
        return List.of(Backends.scalar(), Backends.get());
    }

    @Test
    void forwardAndStepMatchDoublePrecisionEquations() {
        Random rnd = new Random(42);
        float[] wIh = uniform(rnd, 4 * H * X, 1 / Math.sqrt(H));
        float[] wHh = uniform(rnd, 4 * H * H, 1 / Math.sqrt(H));
        float[] bIh = uniform(rnd, 4 * H, 1 / Math.sqrt(H));
        float[] bHh = uniform(rnd, 4 * H, 1 / Math.sqrt(H));
        float[] x = uniform(rnd, T * B * X, 2);
        double[] want = reference(x, wIh, wHh, bIh, bHh);
        for (Backend backend : backends()) {
            LstmLayer layer = new LstmLayer(backend, X, H, wIh, wHh, bIh, bHh);
            float[] got = layer.forward(x, T, layer.newState(B));
            // Each pre-activation sums X + H + 2 terms of size <= 2/sqrt(H) in float: a few 1e-7 of
            // error, which the gates and the recurrence carry over six steps; 1e-5 leaves room for
            // that and no room for a wrong weight, gate or step (those move outputs by 1e-2 or more).
            assertClose(want, got, 1e-5, backend + " forward");

            LstmLayer.State s = layer.newState(B);
            float[] stepped = new float[T * B * H];
            for (int t = 0; t < T; t++) {
                layer.step(x, t * B * X, s);
                System.arraycopy(s.h(), 0, stepped, t * B * H, B * H);
            }
            assertClose(want, stepped, 1e-5, backend + " step");
        }
    }

    @Test
    void withoutBiasesAndStateCarriedAcrossCalls() {
        Random rnd = new Random(7);
        float[] wIh = uniform(rnd, 4 * H * X, 0.3);
        float[] wHh = uniform(rnd, 4 * H * H, 0.3);
        float[] x = uniform(rnd, T * B * X, 1);
        double[] want = reference(x, wIh, wHh, null, null);
        for (Backend backend : backends()) {
            LstmLayer layer = new LstmLayer(backend, X, H, wIh, wHh, null, null);
            LstmLayer.State s = layer.newState(B);
            float[] first = layer.forward(java.util.Arrays.copyOf(x, 2 * B * X), 2, s);
            float[] rest = layer.forward(java.util.Arrays.copyOfRange(x, 2 * B * X, T * B * X), T - 2, s);
            float[] got = new float[T * B * H];
            System.arraycopy(first, 0, got, 0, first.length);
            System.arraycopy(rest, 0, got, first.length, rest.length);
            assertClose(want, got, 1e-5, backend + " forward in two calls");
        }
    }

    @Test
    void rejectsWrongShapes() {
        float[] w = new float[4 * H * X];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LstmLayer(Backends.scalar(), X, H, w, new float[5], null, null));
        assertTrue(e.getMessage().contains("weight_hh must be [76 x 19] = 1444 floats, found 5"), e.getMessage());
        LstmLayer layer = new LstmLayer(Backends.scalar(), X, H, w, new float[4 * H * H], null, null);
        e = assertThrows(IllegalArgumentException.class, () -> layer.forward(new float[10], 2, layer.newState(B)));
        assertTrue(e.getMessage().contains("x must be [2 x 3 x 7] = 42 floats, found 10"), e.getMessage());
        LstmLayer other = new LstmLayer(Backends.scalar(), X + 1, H, new float[4 * H * (X + 1)], new float[4 * H * H], null, null);
        e = assertThrows(IllegalArgumentException.class, () -> layer.step(new float[B * X], 0, other.newState(B)));
        assertTrue(e.getMessage().contains("found one for X = 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layer.step(new float[B * X], 1, layer.newState(B)));
    }

    /** The equations in double precision, from zero state; outputs [T x B x H]. */
    static double[] reference(float[] x, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        double[] h = new double[B * H], c = new double[B * H], out = new double[T * B * H];
        for (int t = 0; t < T; t++) {
            double[] hNew = new double[B * H];
            for (int b = 0; b < B; b++) {
                for (int u = 0; u < H; u++) {
                    double[] a = new double[4];
                    for (int q = 0; q < 4; q++) {
                        int row = q * H + u;
                        double s = bIh == null ? 0 : (double) bIh[row] + bHh[row];
                        for (int p = 0; p < X; p++) {
                            s += (double) wIh[row * X + p] * x[(t * B + b) * X + p];
                        }
                        for (int p = 0; p < H; p++) {
                            s += (double) wHh[row * H + p] * h[b * H + p];
                        }
                        a[q] = s;
                    }
                    double i = sigmoid(a[0]), f = sigmoid(a[1]), g = Math.tanh(a[2]), o = sigmoid(a[3]);
                    c[b * H + u] = f * c[b * H + u] + i * g;
                    hNew[b * H + u] = o * Math.tanh(c[b * H + u]);
                }
            }
            h = hNew;
            System.arraycopy(h, 0, out, t * B * H, B * H);
        }
        return out;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    static float[] uniform(Random rnd, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return a;
    }

    static void assertClose(double[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " expected " + want[i] + " got " + got[i]);
            }
        }
    }
}
