package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.io.Npy;
import dev.jlstm.core.io.Safetensors;
import dev.jlstm.core.io.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outputs, final states and every gradient against files produced by PyTorch 1.13
 * ({@code src/test/python/make_pytorch_fixtures.py}; see {@code src/test/resources/pytorch/README.md}),
 * on both backends: 1 and 2 layers, bidirectional, without bias, variable lengths, LSTM and GRU.
 *
 * <p>Tolerances: PyTorch's float32 results are within 3.5e-7 (outputs) and 1.3e-6 (gradients) of a
 * float64 evaluation of the same cases (measured by the fixture script); ours carry errors of the
 * same order, so the two agree within 1e-5 on outputs and 1e-5 + 1e-4 relative on gradients, which
 * still catches any wrong term (those move values by 1e-2 or more).
 */
class PyTorchParityTest {
    private static final double OUTPUT_TOL = 1e-5;
    private static final double GRAD_TOL = 1e-5;
    private static final double GRAD_REL = 1e-4;

    static List<Arguments> cases() throws IOException, URISyntaxException {
        Path root = Path.of(PyTorchParityTest.class.getResource("/pytorch").toURI());
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                for (String backend : List.of("scalar", "vector")) {
                    cases.add(Arguments.of(dir.getFileName().toString(), backend, dir));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void matchesPyTorch(String name, String backendName, Path dir) throws IOException {
        Backend backend = Backends.byName(backendName);
        String json = Files.readString(dir.resolve("case.json"));
        CellType cell = CellType.valueOf(text(json, "kind").toUpperCase(java.util.Locale.ROOT));
        int steps = integer(json, "T");
        int batch = integer(json, "B");
        int[] lengths = lengths(json);
        boolean initial = json.contains("\"has_initial_state\": true");

        Rnn rnn = Rnn.fromStateDict(Safetensors.read(dir.resolve("weights.safetensors")), cell, backend);
        float[] x = npy(dir, "input.npy");
        float[] h0 = initial ? npy(dir, "h0.npy") : null;
        float[] c0 = initial && cell == CellType.LSTM ? npy(dir, "c0.npy") : null;

        RnnTrace trace = rnn.forwardForTraining(x, steps, batch, lengths, h0, c0);
        close(name + " output", npy(dir, "output.npy"), trace.output().output(), OUTPUT_TOL, 0);
        close(name + " hn", npy(dir, "hn.npy"), trace.output().hn(), OUTPUT_TOL, 0);
        if (cell == CellType.LSTM) {
            close(name + " cn", npy(dir, "cn.npy"), trace.output().cn(), OUTPUT_TOL, 0);
        }
        assertEquals(0f, inferenceDifference(rnn, x, steps, batch, lengths, h0, c0, trace), "inference = training pass");

        // loss = sum(output * R) + sum(hn * Rh) + sum(cn * Rc)
        rnn.zeroGrad();
        RnnGradients g = trace.backward(npy(dir, "grad_output.npy"), npy(dir, "grad_hn.npy"),
                cell == CellType.LSTM ? npy(dir, "grad_cn.npy") : null);
        checkGradients(name, dir, rnn, g, "", initial, cell);

        // loss = sum(output * R): what `jlstm grad` computes
        rnn.zeroGrad();
        g = trace.backward(npy(dir, "grad_output.npy"), null, null);
        checkGradients(name + " (output only)", dir, rnn, g, "_output_only", initial, cell);
    }

    private static void checkGradients(String name, Path dir, Rnn rnn, RnnGradients g, String suffix, boolean initial,
                                       CellType cell) throws IOException {
        Map<String, Tensor> want = Safetensors.read(dir.resolve("grads" + suffix + ".safetensors"));
        assertEquals(rnn.parameters().size(), want.size(), name + ": gradient count");
        for (Parameter p : rnn.parameters()) {
            Tensor w = want.get(p.name());
            assertNotNull(w, name + ": PyTorch has no gradient for " + p.name());
            close(name + " d" + p.name(), w.data(), p.grad(), GRAD_TOL, GRAD_REL);
        }
        close(name + " dx", npy(dir, "grad_input" + suffix + ".npy"), g.input(), GRAD_TOL, GRAD_REL);
        if (initial) {
            close(name + " dh0", npy(dir, "grad_h0" + suffix + ".npy"), g.h0(), GRAD_TOL, GRAD_REL);
            if (cell == CellType.LSTM) {
                close(name + " dc0", npy(dir, "grad_c0" + suffix + ".npy"), g.c0(), GRAD_TOL, GRAD_REL);
            }
        }
    }

    private static float inferenceDifference(Rnn rnn, float[] x, int steps, int batch, int[] lengths, float[] h0,
                                             float[] c0, RnnTrace trace) {
        float[] a = rnn.forward(x, steps, batch, lengths, h0, c0).output();
        float[] b = trace.output().output();
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static void close(String what, float[] want, float[] got, double atol, double rtol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double tol = atol + rtol * Math.abs(want[i]);
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + "[" + i + "]: PyTorch " + want[i] + ", jlstm " + got[i]);
            }
        }
    }

    private static float[] npy(Path dir, String file) throws IOException {
        return Npy.read(dir.resolve(file)).data();
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("case.json has no " + key);
        }
        return m.group(1);
    }

    private static int integer(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("case.json has no " + key);
        }
        return Integer.parseInt(m.group(1));
    }

    private static int[] lengths(String json) {
        Matcher m = Pattern.compile("\"lengths\":\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) {
            return null;
        }
        return Stream.of(m.group(1).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
