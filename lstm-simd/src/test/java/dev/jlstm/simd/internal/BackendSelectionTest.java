package dev.jlstm.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.Backends;
import dev.jlstm.simd.probe.SelectionProbe;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How {@link Backends} chooses: in this JVM (which must pick the vector backend: the tests of this
 * module are meaningless if it silently fell back), and in fresh JVMs started on the module path
 * and on the classpath, with and without the vector module, with C2 off, with narrow vectors, and
 * with the {@code jlstm.backend} property.
 */
class BackendSelectionTest {

    @Test
    void thisJvmUsesTheVectorBackend() {
        assertEquals("vector", Backends.get().name(),
                "the tests of lstm-simd must run with the vector backend; it fell back to " + Backends.get());
        assertInstanceOf(VectorBackend.class, Backends.byName("vector"));
        assertTrue(Backends.get().vectorBits() >= VectorBackendProvider.MIN_BITS);
        assertEquals(VectorMath.S.vectorBitSize(), Backends.get().vectorBits());
    }

    @Test
    void modulePathChoosesVectorAndLogsItOnce() throws Exception {
        Result r = run(true, List.of());
        assertEquals("backend=vector bits=" + VectorMath.S.vectorBitSize(), r.stdout, r.toString());
        assertEquals(1, count(r.stderr, "jlstm backend: vector (" + VectorMath.S.vectorBitSize() + "-bit vectors, "
                + VectorMath.S.length() + " float lanes), Java " + Runtime.version().feature()), r.toString());
        assertFalse(r.stderr.contains("WARN dev.jlstm"), r.toString());
    }

    @Test
    void propertySelectsScalar() throws Exception {
        Result r = run(true, List.of("-Djlstm.backend=scalar"));
        assertEquals("backend=scalar bits=32", r.stdout, r.toString());
        assertEquals(1, count(r.stderr, "jlstm backend: scalar (one float at a time)"), r.toString());
        assertFalse(r.stderr.contains("WARN dev.jlstm"), "a requested backend needs no excuses: " + r);
    }

    @Test
    void classpathWithoutTheVectorModuleFallsBackAndSaysHowToEnableIt() throws Exception {
        Result r = run(false, List.of());
        assertEquals("backend=scalar bits=32", r.stdout, r.toString());
        assertEquals(1, count(r.stderr, "WARN dev.jlstm"), r.toString());
        assertTrue(r.stderr.contains("jdk.incubator.vector is not in the module layer")
                && r.stderr.contains("--add-modules jdk.incubator.vector"), r.toString());
    }

    @Test
    void classpathWithTheVectorModuleFindsTheProviderThroughMetaInfServices() throws Exception {
        Result r = run(false, List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals("backend=vector bits=" + VectorMath.S.vectorBitSize(), r.stdout, r.toString());
    }

    @Test
    void declinesWithoutC2() throws Exception {
        Result r = run(true, List.of("-XX:TieredStopAtLevel=1"));
        assertEquals("backend=scalar bits=32", r.stdout, r.toString());
        assertTrue(r.stderr.contains("C2 compiler is off"), r.toString());
    }

    @Test
    void declinesNarrowVectors() throws Exception {
        Result r = run(true, List.of("-XX:MaxVectorSize=8"));
        assertEquals("backend=scalar bits=32", r.stdout, r.toString());
        assertTrue(r.stderr.contains("preferred vector width is 64 bits"), r.toString());
    }

    @Test
    void aRequestedBackendThatCannotRunIsAnErrorNotAFallback() throws Exception {
        Result r = run(false, List.of("-Djlstm.backend=vector"));
        assertTrue(r.stdout.startsWith("error=jlstm backend 'vector' cannot run: the module jdk.incubator.vector"),
                r.toString());
        Result unknown = run(true, List.of("-Djlstm.backend=cuda"));
        assertTrue(unknown.stdout.startsWith("error=no jlstm backend named 'cuda'; known: scalar, vector"), unknown.toString());
    }

    // ---------------------------------------------------------------------------------------------

    private record Result(String stdout, String stderr, List<String> command) {
        @Override
        public String toString() {
            return "\ncommand: " + String.join(" ", command) + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    /**
     * Starts {@link SelectionProbe} in a new JVM of the same JDK. The library (core, simd, slf4j) goes
     * on the module path or on the classpath; the probe itself is always on the classpath.
     */
    private static Result run(boolean modulePath, List<String> jvmArgs)
            throws IOException, InterruptedException, ClassNotFoundException {
        String library = String.join(File.pathSeparator, location(Backends.class), location(VectorBackend.class),
                location(org.slf4j.Logger.class), location(Class.forName("org.slf4j.simple.SimpleLogger", false,
                        BackendSelectionTest.class.getClassLoader())));
        String probe = location(SelectionProbe.class);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.addAll(jvmArgs);
        if (modulePath) {
            cmd.addAll(List.of("--module-path", library, "--add-modules", "ALL-MODULE-PATH", "-cp", probe));
        } else {
            cmd.addAll(List.of("-cp", library + File.pathSeparator + probe));
        }
        cmd.add(SelectionProbe.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return new Result(new String(out, StandardCharsets.UTF_8).trim(), new String(err, StandardCharsets.UTF_8), cmd);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
