package dev.jlstm.examples;

import dev.jlstm.core.io.Safetensors;
import dev.jlstm.core.io.Tensor;
import dev.jlstm.models.CellType;
import dev.jlstm.models.Parameter;
import dev.jlstm.models.Rnn;
import dev.jlstm.models.RnnConfig;
import dev.jlstm.models.RnnGradients;
import dev.jlstm.models.RnnTrace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code jlstm grad}: the gradients of {@code sum(output * R)} for a PyTorch LSTM/GRU state_dict. */
final class GradCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: jlstm grad --weights W.safetensors --input X.npy --grad-output R.npy --out DIR",
            "                  [--h0 H0.npy] [--c0 C0.npy] [--gru]",
            "  For loss = sum(output * R), with R [T, B, dirs*H], writes DIR/grad_input.npy [T, B, X],",
            "  DIR/grads.safetensors (one gradient per weight, PyTorch's names), DIR/grad_h0.npy and",
            "  (LSTM) DIR/grad_c0.npy [layers*dirs, B, H]. DIR is created if needed.");

    @Override
    public String name() {
        return "grad";
    }

    @Override
    public String summary() {
        return "gradients of sum(output * R) for a PyTorch LSTM/GRU state_dict";
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        Options o = Options.parse(name(), args, Set.of("--weights", "--input", "--grad-output", "--out", "--h0", "--c0"),
                Set.of("--gru"));
        CellType cell = o.has("--gru") ? CellType.GRU : CellType.LSTM;
        if (cell == CellType.GRU && o.has("--c0")) {
            throw new UsageException("a GRU has no cell state: drop --c0");
        }
        Path dir = o.path("--out");
        Rnn rnn = PyTorchFiles.network(o.path("--weights"), cell);
        RnnConfig config = rnn.config();
        Tensor x = PyTorchFiles.input(o.path("--input"), config);
        int steps = x.dim(0);
        int batch = x.dim(1);
        Tensor r = PyTorchFiles.array(o.path("--grad-output"), "R [T, B, dirs*H]", steps, batch, config.outputSize());
        float[] h0 = PyTorchFiles.state(o.optionalPath("--h0"), "h0", config, batch);
        float[] c0 = PyTorchFiles.state(o.optionalPath("--c0"), "c0", config, batch);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(dir + ": exists and is not a directory");
        }
        RnnGradients g;
        try {
            RnnTrace trace = rnn.forwardForTraining(x.data(), steps, batch, null, h0, c0);
            g = trace.backward(r.data(), null, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (Parameter p : rnn.parameters()) {
            grads.put(p.name(), new Tensor(p.shape(), p.grad()));
        }
        int[] stateShape = {config.stateRows(), batch, config.hiddenSize()};
        try {
            Files.createDirectories(dir);
            Safetensors.write(dir.resolve("grads.safetensors"), grads, Map.of());
        } catch (IOException e) {
            throw PyTorchFiles.ioProblem(dir, e);
        }
        PyTorchFiles.write(dir.resolve("grad_input.npy"), new Tensor(x.shape(), g.input()));
        PyTorchFiles.write(dir.resolve("grad_h0.npy"), new Tensor(stateShape, g.h0()));
        if (cell == CellType.LSTM) {
            PyTorchFiles.write(dir.resolve("grad_c0.npy"), new Tensor(stateShape, g.c0()));
        }
        return 0;
    }
}
