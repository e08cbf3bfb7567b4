package dev.jlstm.examples;

import dev.jlstm.core.io.Tensor;
import dev.jlstm.models.CellType;
import dev.jlstm.models.Rnn;
import dev.jlstm.models.RnnConfig;
import dev.jlstm.models.RnnOutput;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code jlstm infer}: run a PyTorch LSTM/GRU state_dict on an input, write what nn.LSTM/nn.GRU returns. */
final class InferCommand implements Command {
    private static final String USAGE = String.join("\n",
            "usage: jlstm infer --weights W.safetensors --input X.npy --output Y.npy",
            "                   [--h0 H0.npy] [--c0 C0.npy] [--hn HN.npy] [--cn CN.npy] [--gru]",
            "  Runs the LSTM (or, with --gru, the GRU) whose PyTorch state_dict is in W.safetensors on",
            "  X [T, B, X] (float32 .npy, seq-first) and writes output [T, B, dirs*H] and, if asked, the",
            "  final states hn, cn [layers*dirs, B, H], exactly as torch.nn.LSTM / nn.GRU return them.",
            "  Layers, directions and sizes come from the tensors' names and shapes.");

    @Override
    public String name() {
        return "infer";
    }

    @Override
    public String summary() {
        return "run a PyTorch LSTM/GRU state_dict (safetensors) on an input (.npy)";
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (Options.wantsHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        Options o = Options.parse(name(), args, Set.of("--weights", "--input", "--output", "--h0", "--c0", "--hn", "--cn"),
                Set.of("--gru"));
        CellType cell = o.has("--gru") ? CellType.GRU : CellType.LSTM;
        Path outputFile = o.path("--output");
        if (cell == CellType.GRU && (o.has("--c0") || o.has("--cn"))) {
            throw new UsageException("a GRU has no cell state: drop --c0 and --cn");
        }
        Rnn rnn = PyTorchFiles.network(o.path("--weights"), cell);
        RnnConfig config = rnn.config();
        Tensor x = PyTorchFiles.input(o.path("--input"), config);
        int steps = x.dim(0);
        int batch = x.dim(1);
        float[] h0 = PyTorchFiles.state(o.optionalPath("--h0"), "h0", config, batch);
        float[] c0 = PyTorchFiles.state(o.optionalPath("--c0"), "c0", config, batch);
        RnnOutput result;
        try {
            result = rnn.forward(x.data(), steps, batch, null, h0, c0);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int[] stateShape = {config.stateRows(), batch, config.hiddenSize()};
        PyTorchFiles.write(outputFile, new Tensor(new int[] {steps, batch, config.outputSize()}, result.output()));
        if (o.has("--hn")) {
            PyTorchFiles.write(o.path("--hn"), new Tensor(stateShape, result.hn()));
        }
        if (o.has("--cn")) {
            PyTorchFiles.write(o.path("--cn"), new Tensor(stateShape, result.cn()));
        }
        return 0;
    }
}
