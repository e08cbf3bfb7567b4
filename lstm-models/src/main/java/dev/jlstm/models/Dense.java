package dev.jlstm.models;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense (fully connected) output head, PyTorch's {@code nn.Linear}: {@code y = x · Wᵀ + b} on
 * rows, with {@code weight [out x in]} and {@code bias [out]}. Apply it to every step of an RNN's
 * output ({@code T*B} rows) or to the last step of each row ({@link Sequences#lastSteps}).
 */
public final class Dense {
    private final int in;
    private final int out;
    private final Backend backend;
    private final Parameter weight;
    private final Parameter bias;
    private volatile Packs packs;

    private record Packs(long version, PackedMatrix forward, PackedMatrix backward) {}

    private Dense(int in, int out, Backend backend, boolean withBias) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense: in and out must be > 0, found " + in + " and " + out);
        }
        this.in = in;
        this.out = out;
        this.backend = backend;
        this.weight = new Parameter("weight", out, in);
        this.bias = withBias ? new Parameter("bias", out) : null;
    }

    /** A head initialized as PyTorch's {@code nn.Linear}: weights and bias uniform in {@code ±1/sqrt(in)}. */
    public static Dense create(int in, int out, long seed) {
        return create(in, out, seed, Backends.get());
    }

    /** As {@link #create(int, int, long)}, on the given backend. */
    public static Dense create(int in, int out, long seed, Backend backend) {
        Dense d = new Dense(in, out, backend, true);
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(in);
        for (Parameter p : d.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
        }
        return d;
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    /** {@code weight [out x in]} and {@code bias [out]}, PyTorch's names. */
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    private Packs packs() {
        Packs p = packs;
        long v = weight.version();
        if (p == null || p.version != v) {
            synchronized (this) {
                p = packs;
                if (p == null || p.version != v) {
                    p = new Packs(v, backend.pack(true, in, out, weight.value(), 0, in),
                            backend.pack(false, out, in, weight.value(), 0, in));
                    packs = p;
                }
            }
        }
        return p;
    }

    /** {@code y [rows x out] = x [rows x in] · Wᵀ + b}. */
    public float[] forward(float[] x, int rows) {
        Inputs.requireLength("Dense.forward", "x", x, (long) rows * in, "[" + rows + " x " + in + "]");
        float[] y = new float[rows * out];
        if (bias != null) {
            backend.fillRows(rows, out, bias.value(), 0, y, 0, out);
        }
        backend.gemm(false, rows, x, 0, in, packs().forward, y, 0, out);
        return y;
    }

    /**
     * Adds {@code d loss / d W} and {@code d loss / d b} to the gradients and returns
     * {@code d loss / d x [rows x in]}, given the forward input {@code x} and {@code dy [rows x out]}.
     */
    public float[] backward(float[] x, int rows, float[] dy) {
        Inputs.requireLength("Dense.backward", "x", x, (long) rows * in, "[" + rows + " x " + in + "]");
        Inputs.requireLength("Dense.backward", "dy", dy, (long) rows * out, "[" + rows + " x " + out + "]");
        backend.gemm(true, false, out, in, rows, dy, 0, out, x, 0, in, weight.grad(), 0, in);
        if (bias != null) {
            backend.sumRows(rows, out, dy, 0, out, bias.grad(), 0);
        }
        float[] dx = new float[rows * in];
        backend.gemm(false, rows, dy, 0, out, packs().backward, dx, 0, in);
        return dx;
    }
}
