package dev.jlstm.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.io.Npy;
import dev.jlstm.core.io.Safetensors;
import dev.jlstm.core.io.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlstm infer} and {@code jlstm grad} on the PyTorch fixtures of lstm-models (their outputs
 * against PyTorch's), and their handling of bad input: one line on stderr, exit code 2, no output
 * file created or changed.
 */
class PyTorchCommandsTest {
    /** The fixtures made by lstm-models/src/test/python/make_pytorch_fixtures.py (tests run in lstm-examples/). */
    private static final Path FIXTURES = Path.of("..", "lstm-models", "src", "test", "resources", "pytorch");

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run jlstm(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(a, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void close(String what, Tensor want, Tensor got, double tol) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.data()[i], got.data()[i], tol, what + "[" + i + "]");
        }
    }

    @Test
    void inferWritesWhatPyTorchReturns() throws IOException {
        Path f = FIXTURES.resolve("lstm_2layer_bidirectional");
        Run r = jlstm("infer", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"),
                "--h0", f.resolve("h0.npy"), "--c0", f.resolve("c0.npy"), "--output", tmp.resolve("y.npy"),
                "--hn", tmp.resolve("hn.npy"), "--cn", tmp.resolve("cn.npy"));
        assertEquals(0, r.code, r.err);
        assertEquals("", r.err);
        // float32 on both sides: within 1e-5 (see PyTorchParityTest in lstm-models)
        close("output", Npy.read(f.resolve("output.npy")), Npy.read(tmp.resolve("y.npy")), 1e-5);
        close("hn", Npy.read(f.resolve("hn.npy")), Npy.read(tmp.resolve("hn.npy")), 1e-5);
        close("cn", Npy.read(f.resolve("cn.npy")), Npy.read(tmp.resolve("cn.npy")), 1e-5);
    }

    @Test
    void gradWritesPyTorchsGradients() throws IOException {
        Path f = FIXTURES.resolve("gru_2layer_bidirectional");
        Path out = tmp.resolve("grads");
        Run r = jlstm("grad", "--gru", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"),
                "--h0", f.resolve("h0.npy"), "--grad-output", f.resolve("grad_output.npy"), "--out", out);
        assertEquals(0, r.code, r.err);
        Map<String, Tensor> want = Safetensors.read(f.resolve("grads_output_only.safetensors"));
        Map<String, Tensor> got = Safetensors.read(out.resolve("grads.safetensors"));
        assertEquals(want.keySet(), got.keySet());
        for (String name : want.keySet()) {
            close(name, want.get(name), got.get(name), 1e-4);
        }
        close("grad_input", Npy.read(f.resolve("grad_input_output_only.npy")), Npy.read(out.resolve("grad_input.npy")), 1e-4);
        close("grad_h0", Npy.read(f.resolve("grad_h0_output_only.npy")), Npy.read(out.resolve("grad_h0.npy")), 1e-4);
        assertFalse(Files.exists(out.resolve("grad_c0.npy")), "a GRU has no cell state");
    }

    @Test
    void badInputIsOneLineExitTwoAndNoOutput() throws IOException {
        Path f = FIXTURES.resolve("lstm_1layer");
        Path y = tmp.resolve("y.npy");
        Files.writeString(y, "previous contents");
        Object[][] bad = {
            {"infer", "--weights", f.resolve("weights.safetensors"), "--input", tmp.resolve("missing.npy"), "--output", y},
            {"infer", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("output.npy"), "--output", y},
            {"infer", "--weights", f.resolve("input.npy"), "--input", f.resolve("input.npy"), "--output", y},
            {"infer", "--gru", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"), "--output", y},
            {"infer", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy")},
            {"infer", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"), "--output", y, "--bogus"},
            {"infer", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"), "--output", y,
                "--h0", f.resolve("input.npy")},
            {"grad", "--weights", f.resolve("weights.safetensors"), "--input", f.resolve("input.npy"),
                "--grad-output", f.resolve("input.npy"), "--out", tmp.resolve("g")},
        };
        for (Object[] args : bad) {
            Run r = jlstm(args);
            String cmd = java.util.Arrays.toString(args);
            assertEquals(2, r.code, cmd + ": " + r.err);
            assertEquals(1, r.err.lines().count(), cmd + ": one line on stderr, found: " + r.err);
            assertTrue(r.err.startsWith("jlstm " + args[0] + ": "), r.err);
            assertEquals("previous contents", Files.readString(y), cmd + " touched the output file");
            assertFalse(Files.exists(tmp.resolve("g")), cmd + " created the output directory");
        }
        // A float64 .npy is refused by name.
        Path f64 = tmp.resolve("x64.npy");
        writeFloat64Npy(f64);
        Run r = jlstm("infer", "--weights", f.resolve("weights.safetensors"), "--input", f64, "--output", y);
        assertEquals(2, r.code);
        assertTrue(r.err.contains("x64.npy") && r.err.contains("<f8"), r.err);
        // A truncated safetensors file is refused, naming the file.
        Path cut = tmp.resolve("cut.safetensors");
        byte[] w = Files.readAllBytes(f.resolve("weights.safetensors"));
        Files.write(cut, java.util.Arrays.copyOf(w, w.length - 10));
        r = jlstm("infer", "--weights", cut, "--input", f.resolve("input.npy"), "--output", y);
        assertEquals(2, r.code);
        assertTrue(r.err.contains("cut.safetensors"), r.err);
        assertEquals("previous contents", Files.readString(y));
    }

    /** A [1, 1, 3] float64 array: the header numpy writes for dtype '<f8'. */
    private static void writeFloat64Npy(Path file) throws IOException {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 3), }";
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + hb.length + 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) hb.length).put(hb);
        b.putDouble(1).putDouble(2).putDouble(3);
        Files.write(file, b.array());
    }

    @Test
    void helpIsExitZero() {
        for (String c : new String[] {"infer", "grad", "info"}) {
            Run r = jlstm(c, "--help");
            assertEquals(0, r.code);
            assertTrue(r.out.startsWith("usage: jlstm " + c), r.out);
        }
    }
}
