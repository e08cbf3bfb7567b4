package dev.jlstm.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void createsAndReplacesTheTarget() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, out -> out.write("second, longer".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("second, longer", Files.readString(target));
        assertEquals(List.of("a.bin"), names(), "no temporary file is left");
    }

    @Test
    void writesThroughATemporaryFileNamedAfterTheTarget() throws IOException {
        Path target = dir.resolve("W.safetensors");
        AtomicReference<List<String>> during = new AtomicReference<>();
        AtomicFiles.write(target, out -> {
            out.write(1);
            during.set(names());
        });
        assertEquals(1, during.get().size(), () -> "during the write: " + during.get());
        assertTrue(during.get().get(0).startsWith(".W.safetensors.tmp-"), () -> "during the write: " + during.get());
        assertEquals(List.of("W.safetensors"), names());
    }

    @Test
    void aFailingBodyLeavesTheTargetUnchangedAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("w.npy"), "previous version");
        IOException thrown = new IOException("disk full, say");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw thrown;
        }));
        assertSame(thrown, e, "the body's exception comes out as it was thrown");
        assertEquals("previous version", Files.readString(target));
        assertEquals(List.of("w.npy"), names());
    }

    @Test
    void aRuntimeExceptionAlsoLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("new.npy");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(7);
            throw new UncheckedIOException(new IOException("boom"));
        }));
        assertEquals(List.of(), names(), "neither the target nor a temporary file exists");
    }

    @Test
    void aFailedNpyOrSafetensorsWriteKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("w.safetensors");
        Map<String, Tensor> first = Map.of("a", Tensor.zeros(2));
        Safetensors.write(target, first, Map.of());
        byte[] before = Files.readAllBytes(target);
        // A reserved name is refused before anything is written.
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(target, Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("w.safetensors"), names());
    }

    @Test
    void closingTheStreamInTheBodyIsHarmless() throws IOException {
        Path target = dir.resolve("c.bin");
        AtomicFiles.write(target, out -> {
            out.write(new byte[] {1, 2, 3}, 1, 2);
            out.close();
        });
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(target));
    }

    @Test
    void aMissingDirectoryIsAnOrdinaryIOExceptionNamingIt() {
        Path target = dir.resolve("no/such/dir/x.npy");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.write(target, out -> out.write(1)));
        assertTrue(e.getMessage().contains("no/such/dir"), e.getMessage());
    }

    @Test
    void aDirectoryInTheWayIsNotReplaced() throws IOException {
        Path target = Files.createDirectory(dir.resolve("d"));
        Files.writeString(target.resolve("inside"), "kept");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
        assertEquals("kept", Files.readString(target.resolve("inside")));
        assertEquals(List.of("d"), names());
    }
}
