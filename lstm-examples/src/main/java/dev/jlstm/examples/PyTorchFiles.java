package dev.jlstm.examples;

import dev.jlstm.core.io.Npy;
import dev.jlstm.core.io.Safetensors;
import dev.jlstm.core.io.Tensor;
import dev.jlstm.models.CellType;
import dev.jlstm.models.Rnn;
import dev.jlstm.models.RnnConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reading the files of {@code infer} and {@code grad}, with one-line errors that name the file. */
final class PyTorchFiles {
    private PyTorchFiles() {}

    /** The network whose PyTorch state_dict is in a safetensors file. */
    static Rnn network(Path weights, CellType cell) throws UsageException {
        try {
            return Rnn.fromStateDict(Safetensors.read(weights), cell);
        } catch (IllegalArgumentException e) {
            throw new UsageException(weights + ": " + e.getMessage());
        } catch (IOException e) {
            throw ioProblem(weights, e);
        }
    }

    /** A float32 .npy array that must have the given shape (-1 for any size in that axis). */
    static Tensor array(Path file, String what, int... shape) throws UsageException {
        Tensor t;
        try {
            t = Npy.read(file);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
        boolean ok = t.rank() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == t.dim(i);
        }
        if (!ok) {
            String want = Arrays.toString(shape).replace("-1", "*");
            throw new UsageException(file + ": " + what + " must have shape " + want + ", found " + Arrays.toString(t.shape()));
        }
        return t;
    }

    /** The input x [T, B, X] of a network. */
    static Tensor input(Path file, RnnConfig config) throws UsageException {
        return array(file, "the input [T, B, X] with X = " + config.inputSize(), -1, -1, config.inputSize());
    }

    /** An initial state [L*D, B, H], or null when the option was not given. */
    static float[] state(Path file, String what, RnnConfig config, int batch) throws UsageException {
        if (file == null) {
            return null;
        }
        return array(file, what + " [L*D, B, H]", config.stateRows(), batch, config.hiddenSize()).data();
    }

    static UsageException ioProblem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UsageException(file + ": no such file");
        }
        String m = e.getMessage();
        return new UsageException(m != null && m.contains(file.toString()) ? m : file + ": " + m);
    }

    static void write(Path file, Tensor t) throws UsageException {
        try {
            Npy.write(file, t);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }
}
