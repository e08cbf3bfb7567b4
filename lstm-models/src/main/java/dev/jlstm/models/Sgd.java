package dev.jlstm.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and weight decay, as PyTorch's {@code optim.SGD}
 * (no dampening, no Nesterov): {@code g += wd * p; v = momentum * v + g; p -= rate * v}
 * (the first step sets {@code v = g}).
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final float[][] velocity;

    /** Plain SGD at a constant rate. */
    public Sgd(List<? extends Parameter> parameters, double rate) {
        this(parameters, LearningRateSchedule.constant(rate), 0, 0);
    }

    /**
     * @param momentum    in {@code [0, 1)}
     * @param weightDecay L2 penalty coefficient, {@code >= 0}
     */
    public Sgd(List<? extends Parameter> parameters, LearningRateSchedule schedule, double momentum, double weightDecay) {
        super(parameters, schedule);
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Sgd: momentum must be in [0, 1) and weightDecay >= 0, found "
                    + momentum + " and " + weightDecay);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.velocity = new float[parameters.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new float[momentum > 0 ? parameters.get(i).size() : 0];
        }
    }

    @Override
    protected void update(int index, Parameter p, double rate, long step) {
        float[] w = p.value();
        float[] g = p.grad();
        float[] v = velocity[index];
        for (int i = 0; i < w.length; i++) {
            float d = (float) (g[i] + weightDecay * w[i]);
            if (momentum > 0) {
                d = step == 1 ? d : (float) (momentum * v[i] + d);
                v[i] = d;
            }
            w[i] -= (float) (rate * d);
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int i = 0; i < velocity.length; i++) {
            if (momentum > 0) {
                s.put(i + "." + parameters().get(i).name() + ".momentum_buffer", velocity[i]);
            }
        }
        return s;
    }
}
