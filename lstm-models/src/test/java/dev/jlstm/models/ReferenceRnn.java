package dev.jlstm.models;

/**
 * An independent double-precision RNN for the tests: the equations of PyTorch's {@code nn.LSTM} and
 * {@code nn.GRU} written as plain loops, one row and one step at a time, with per-row lengths
 * handled by skipping inactive steps (rather than by freezing, as {@link Rnn} does).
 */
final class ReferenceRnn {
    private final RnnConfig cfg;
    /** The parameters in {@link Rnn#parameters()} order. */
    final double[][] params;

    ReferenceRnn(RnnConfig cfg, double[][] params) {
        this.cfg = cfg;
        this.params = params;
    }

    static ReferenceRnn of(Rnn rnn) {
        double[][] p = new double[rnn.parameters().size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = toDouble(rnn.parameters().get(i).value());
        }
        return new ReferenceRnn(rnn.config(), p);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Output [T*B*outputSize], hn and cn [L*D*B*H]. */
    record Result(double[] out, double[] hn, double[] cn) {}

    Result forward(double[] x, int steps, int batch, int[] lengths, double[] h0, double[] c0) {
        int d = cfg.directions();
        int h = cfg.hiddenSize();
        int per = cfg.bias() ? 4 : 2;
        double[] hn = new double[cfg.stateRows() * batch * h];
        double[] cn = new double[cfg.stateRows() * batch * h];
        double[] input = x;
        int in = cfg.inputSize();
        double[] y = null;
        for (int l = 0; l < cfg.layers(); l++) {
            double[][] outs = new double[d][steps * batch * h];
            for (int dir = 0; dir < d; dir++) {
                int p0 = (l * d + dir) * per;
                double[] wih = params[p0], whh = params[p0 + 1];
                double[] bih = cfg.bias() ? params[p0 + 2] : null, bhh = cfg.bias() ? params[p0 + 3] : null;
                int row = (l * d + dir) * batch * h;
                for (int b = 0; b < batch; b++) {
                    double[] hs = new double[h], cs = new double[h];
                    if (h0 != null) {
                        System.arraycopy(h0, row + b * h, hs, 0, h);
                    }
                    if (c0 != null) {
                        System.arraycopy(c0, row + b * h, cs, 0, h);
                    }
                    int len = lengths == null ? steps : lengths[b];
                    for (int s = 0; s < len; s++) {
                        int t = dir == 1 ? len - 1 - s : s;
                        double[] xt = new double[in];
                        System.arraycopy(input, (t * batch + b) * in, xt, 0, in);
                        double[][] next = cfg.cell() == CellType.LSTM
                                ? lstmCell(xt, hs, cs, wih, whh, bih, bhh, in, h)
                                : new double[][] {gruCell(xt, hs, wih, whh, bih, bhh, in, h), cs};
                        hs = next[0];
                        cs = next[1];
                        System.arraycopy(hs, 0, outs[dir], (t * batch + b) * h, h);
                    }
                    System.arraycopy(hs, 0, hn, row + b * h, h);
                    System.arraycopy(cs, 0, cn, row + b * h, h);
                }
            }
            int outSize = cfg.outputSize();
            y = new double[steps * batch * outSize];
            for (int r = 0; r < steps * batch; r++) {
                for (int j = 0; j < h; j++) {
                    if (d == 2 && cfg.merge() == Merge.SUM) {
                        y[r * outSize + j] = outs[0][r * h + j] + outs[1][r * h + j];
                    } else {
                        for (int dir = 0; dir < d; dir++) {
                            y[r * outSize + dir * h + j] = outs[dir][r * h + j];
                        }
                    }
                }
            }
            input = y;
            in = outSize;
        }
        return new Result(y, hn, cfg.cell() == CellType.LSTM ? cn : null);
    }

    private static double pre(double[] w, double[] b, int row, double[] v, int n) {
        double s = b == null ? 0 : b[row];
        for (int p = 0; p < n; p++) {
            s += w[row * n + p] * v[p];
        }
        return s;
    }

    private static double[][] lstmCell(double[] x, double[] h, double[] c, double[] wih, double[] whh,
                                       double[] bih, double[] bhh, int in, int hid) {
        double[] hNew = new double[hid], cNew = new double[hid];
        for (int u = 0; u < hid; u++) {
            double[] a = new double[4];
            for (int q = 0; q < 4; q++) {
                a[q] = pre(wih, bih, q * hid + u, x, in) + pre(whh, bhh, q * hid + u, h, hid);
            }
            double i = sigmoid(a[0]), f = sigmoid(a[1]), g = Math.tanh(a[2]), o = sigmoid(a[3]);
            cNew[u] = f * c[u] + i * g;
            hNew[u] = o * Math.tanh(cNew[u]);
        }
        return new double[][] {hNew, cNew};
    }

    private static double[] gruCell(double[] x, double[] h, double[] wih, double[] whh, double[] bih, double[] bhh,
                                    int in, int hid) {
        double[] hNew = new double[hid];
        for (int u = 0; u < hid; u++) {
            double r = sigmoid(pre(wih, bih, u, x, in) + pre(whh, bhh, u, h, hid));
            double z = sigmoid(pre(wih, bih, hid + u, x, in) + pre(whh, bhh, hid + u, h, hid));
            double n = Math.tanh(pre(wih, bih, 2 * hid + u, x, in) + r * pre(whh, bhh, 2 * hid + u, h, hid));
            hNew[u] = (1 - z) * n + z * h[u];
        }
        return hNew;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** {@code sum(out * R) + sum(hn * Rh) + sum(cn * Rc)}, any weight array may be null. */
    double loss(double[] x, int steps, int batch, int[] lengths, double[] h0, double[] c0,
                double[] r, double[] rh, double[] rc) {
        Result res = forward(x, steps, batch, lengths, h0, c0);
        return dot(res.out, r) + dot(res.hn, rh) + (res.cn == null ? 0 : dot(res.cn, rc));
    }

    static double dot(double[] a, double[] b) {
        if (b == null) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
