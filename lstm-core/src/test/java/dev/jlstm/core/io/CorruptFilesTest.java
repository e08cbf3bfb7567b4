package dev.jlstm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every truncation of a valid file, a valid file with a byte appended, and every byte of a valid
 * file altered: the readers either succeed (a truncation: only at full length) or throw a
 * {@link JlstmFileException}, never another exception, and never allocate what the file does not hold.
 */
class CorruptFilesTest {

    /** A reader under test: parses the file and returns something to check. */
    private interface Reader {
        Object read(Path file) throws IOException;
    }

    @TempDir
    Path dir;

    private static Reader readerFor(String name) {
        return name.endsWith(".npy") ? Npy::read : file -> {
            Safetensors.readMetadata(file);
            return Safetensors.read(file);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32_2x3.npy", "f32_2x3_v3.npy", "f32_scalar.npy", "f32_0x3.npy", "lstm.safetensors",
            "edge_cases.safetensors"})
    void everyTruncationIsAFileErrorAndOnlyTheWholeFileReads(String name) throws IOException {
        byte[] bytes = Fixtures.bytes(name);
        Reader reader = readerFor(name);
        Path file = dir.resolve(name);
        for (int length = 0; length <= bytes.length; length++) {
            int n = length;
            Files.write(file, Arrays.copyOf(bytes, n));
            Object result = outcome(reader, file, name + " truncated to " + n + " bytes");
            if (n == bytes.length) {
                assertNotNull(result, name + " reads whole");
            } else {
                assertTrue(result instanceof JlstmFileException, () -> name + " truncated to " + n + " bytes read as " + result);
            }
        }
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 1));
        assertTrue(outcome(reader, file, name + " with a byte appended") instanceof JlstmFileException,
                name + " with a byte appended");
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32_2x3.npy", "lstm.safetensors", "edge_cases.safetensors"})
    void everyAlteredByteReadsOrIsAFileError(String name) throws IOException {
        byte[] bytes = Fixtures.bytes(name);
        Reader reader = readerFor(name);
        Path file = dir.resolve(name);
        int errors = 0;
        for (int i = 0; i < bytes.length; i++) {
            for (int mask : new int[] {0x01, 0x10, 0x80, 0xFF}) {
                byte[] altered = bytes.clone();
                altered[i] ^= (byte) mask;
                Files.write(file, altered);
                if (outcome(reader, file, name + " with byte " + i + " xor " + mask) instanceof JlstmFileException) {
                    errors++;
                }
            }
        }
        assertTrue(errors > 0);
        Files.write(file, bytes);
        assertEquals(readerFor(name).read(Fixtures.path(name)), reader.read(file));
    }

    /** What reading gives: the result, or the JlstmFileException; anything else fails the test. */
    private static Object outcome(Reader reader, Path file, String what) {
        try {
            return reader.read(file);
        } catch (JlstmFileException e) {
            return e;
        } catch (Throwable t) {
            fail(what + ": expected a JlstmFileException, got " + t, t);
            return null;
        }
    }
}
