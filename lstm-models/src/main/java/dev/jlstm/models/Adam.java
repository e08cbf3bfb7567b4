package dev.jlstm.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, and AdamW with decoupled weight decay, as PyTorch's {@code optim.Adam} and
 * {@code optim.AdamW}:
 * <pre>
 *   Adam:  g += wd * p                 AdamW: p -= rate * wd * p
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p -= rate * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final float[][] m;
    private final float[][] v;

    /** Adam with PyTorch's defaults (0.9, 0.999, 1e-8), no weight decay, a constant rate. */
    public Adam(List<? extends Parameter> parameters, double rate) {
        this(parameters, LearningRateSchedule.constant(rate), 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with PyTorch's defaults (0.9, 0.999, 1e-8) and the given decoupled weight decay. */
    public static Adam adamW(List<? extends Parameter> parameters, double rate, double weightDecay) {
        return new Adam(parameters, LearningRateSchedule.constant(rate), 0.9, 0.999, 1e-8, weightDecay, true);
    }

    /**
     * @param decoupled {@code true} for AdamW (decay applied to the weights), {@code false} for Adam
     *                  (decay added to the gradient)
     */
    public Adam(List<? extends Parameter> parameters, LearningRateSchedule schedule, double beta1, double beta2,
                double eps, double weightDecay, boolean decoupled) {
        super(parameters, schedule);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: need 0 <= beta1, beta2 < 1, eps > 0, weightDecay >= 0; found "
                    + beta1 + ", " + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new float[parameters.size()][];
        this.v = new float[parameters.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[parameters.get(i).size()];
            v[i] = new float[parameters.get(i).size()];
        }
    }

    @Override
    protected void update(int index, Parameter p, double rate, long step) {
        float[] w = p.value();
        float[] g = p.grad();
        float[] mi = m[index];
        float[] vi = v[index];
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            if (weightDecay > 0) {
                if (decoupled) {
                    w[i] -= (float) (rate * weightDecay * w[i]);
                } else {
                    gi += weightDecay * w[i];
                }
            }
            mi[i] = (float) (beta1 * mi[i] + (1 - beta1) * gi);
            vi[i] = (float) (beta2 * vi[i] + (1 - beta2) * gi * gi);
            w[i] -= (float) (rate * (mi[i] / c1) / (Math.sqrt(vi[i] / c2) + eps));
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int i = 0; i < m.length; i++) {
            String name = i + "." + parameters().get(i).name();
            s.put(name + ".exp_avg", m[i]);
            s.put(name + ".exp_avg_sq", v[i]);
        }
        return s;
    }
}
