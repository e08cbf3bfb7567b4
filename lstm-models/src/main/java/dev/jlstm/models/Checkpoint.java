package dev.jlstm.models;

import dev.jlstm.core.io.JlstmFileException;
import dev.jlstm.core.io.Safetensors;
import dev.jlstm.core.io.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training checkpoint: the model's configuration, its parameters, the optimizer's state and the
 * step, in one safetensors file ({@code param/<name>} and {@code optim/<key>} tensors; the rest in
 * the metadata), versioned and with a SHA-256 checksum over everything else.
 *
 * <p>{@link #save} writes a temporary file and renames it, so a crash leaves either the previous
 * checkpoint or the new one. {@link #load} refuses, with a {@link JlstmFileException} naming the
 * file and the problem, anything that is not a complete checkpoint of a version it reads: a
 * truncated or corrupted file never loads as a wrong model.
 */
public final class Checkpoint {
    /** The {@code format} metadata value. */
    public static final String FORMAT = "jlstm-checkpoint";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    private static final String PARAM = "param/";
    private static final String OPTIM = "optim/";
    private static final String CONFIG = "config.";

    private final Path file;
    private final Map<String, String> config;
    private final long step;
    private final long optimizerSteps;
    private final Map<String, Tensor> tensors;

    private Checkpoint(Path file, Map<String, String> config, long step, long optimizerSteps, Map<String, Tensor> tensors) {
        this.file = file;
        this.config = config;
        this.step = step;
        this.optimizerSteps = optimizerSteps;
        this.tensors = tensors;
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param config     the model's configuration as text (e.g. {@link RnnConfig#toMap()} plus the
     *                   caller's own keys), needed to rebuild the model before restoring it
     * @param parameters every parameter, by a name unique in the model (e.g. {@code rnn.weight_ih_l0})
     * @param optimizer  its state is saved too; may be null
     * @param step       the training step reached (the caller's count, e.g. batches seen)
     */
    public static void save(Path file, Map<String, String> config, Map<String, Parameter> parameters, Optimizer optimizer,
                            long step) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            tensors.put(PARAM + e.getKey(), new Tensor(p.shape(), p.value().clone()));
        }
        if (optimizer != null) {
            for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
                tensors.put(OPTIM + e.getKey(), new Tensor(new int[] {e.getValue().length}, e.getValue().clone()));
            }
        }
        Map<String, String> meta = new TreeMap<>();
        meta.put("format", FORMAT);
        meta.put("version", Integer.toString(VERSION));
        meta.put("step", Long.toString(step));
        meta.put("optimizer_steps", Long.toString(optimizer == null ? 0 : optimizer.steps()));
        config.forEach((k, v) -> meta.put(CONFIG + k, v));
        meta.put("sha256", checksum(tensors, meta));
        Safetensors.write(file, tensors, meta);
    }

    /** Reads and verifies a checkpoint. */
    public static Checkpoint load(Path file) throws IOException {
        Map<String, String> meta = Safetensors.readMetadata(file);
        if (!FORMAT.equals(meta.get("format"))) {
            throw new JlstmFileException(file, "not a jlstm checkpoint (metadata format is " + meta.get("format") + ")");
        }
        if (!Integer.toString(VERSION).equals(meta.get("version"))) {
            throw new JlstmFileException(file, "checkpoint version " + meta.get("version") + "; this jlstm reads version "
                    + VERSION);
        }
        Map<String, Tensor> tensors = Safetensors.read(file);
        Map<String, String> unsigned = new TreeMap<>(meta);
        String sum = unsigned.remove("sha256");
        if (sum == null || !sum.equals(checksum(tensors, unsigned))) {
            throw new JlstmFileException(file, "checksum mismatch: the checkpoint is corrupted");
        }
        long step;
        long optimizerSteps;
        try {
            step = Long.parseLong(meta.get("step"));
            optimizerSteps = Long.parseLong(meta.get("optimizer_steps"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new JlstmFileException(file, "the step counts are missing or not numbers");
        }
        Map<String, String> config = new TreeMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(CONFIG)) {
                config.put(k.substring(CONFIG.length()), v);
            }
        });
        return new Checkpoint(file, config, step, optimizerSteps, tensors);
    }

    /** The configuration saved with it. */
    public Map<String, String> config() {
        return Map.copyOf(config);
    }

    /** The training step saved with it. */
    public long step() {
        return step;
    }

    /**
     * Copies the saved values into {@code parameters} (matched by name) and marks them updated.
     *
     * @throws IllegalArgumentException if a parameter is missing from the checkpoint, has another
     *                                  shape, or the checkpoint holds parameters the model lacks
     */
    public void restoreParameters(Map<String, Parameter> parameters) {
        long saved = tensors.keySet().stream().filter(k -> k.startsWith(PARAM)).count();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Tensor t = tensors.get(PARAM + e.getKey());
            Parameter p = e.getValue();
            if (t == null) {
                throw new IllegalArgumentException(file + ": the checkpoint has no parameter " + e.getKey());
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException(file + ": parameter " + e.getKey() + " has shape "
                        + Arrays.toString(t.shape()) + " in the checkpoint, the model expects " + Arrays.toString(p.shape()));
            }
        }
        if (saved != parameters.size()) {
            throw new IllegalArgumentException(file + ": the checkpoint holds " + saved + " parameters, the model "
                    + parameters.size());
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            System.arraycopy(tensors.get(PARAM + e.getKey()).data(), 0, p.value(), 0, p.size());
            p.markUpdated();
        }
    }

    /** Restores the optimizer's state and step count. */
    public void restoreOptimizer(Optimizer optimizer) {
        Map<String, float[]> state = new LinkedHashMap<>();
        tensors.forEach((k, t) -> {
            if (k.startsWith(OPTIM)) {
                state.put(k.substring(OPTIM.length()), t.data());
            }
        });
        optimizer.restore(state, optimizerSteps);
    }

    /** SHA-256 over the sorted metadata and each tensor's name, shape and data, in file order. */
    private static String checksum(Map<String, Tensor> tensors, Map<String, String> meta) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        new TreeMap<>(meta).forEach((k, v) -> {
            md.update(k.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(v.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        });
        for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            Tensor t = e.getValue();
            ByteBuffer b = ByteBuffer.allocate(4 * (t.rank() + t.size())).order(ByteOrder.LITTLE_ENDIAN);
            for (int d : t.shape()) {
                b.putInt(d);
            }
            for (float v : t.data()) {
                b.putInt(Float.floatToRawIntBits(v));
            }
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
