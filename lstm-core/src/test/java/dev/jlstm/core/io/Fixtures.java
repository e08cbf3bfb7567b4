package dev.jlstm.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/**
 * The fixture files of src/test/resources/io (made by make_fixtures.py there with NumPy and
 * PyTorch), hand-built broken files, and the assertion every format-error test makes.
 */
final class Fixtures {
    private Fixtures() {}

    /** The fixture file {@code name}. */
    static Path path(String name) {
        URL url = Fixtures.class.getResource("/io/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource io/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of the fixture file {@code name}. */
    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    /** Writes {@code content} to {@code dir/name} and returns the path. */
    static Path file(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** A safetensors file with this header text (its length from the UTF-8 bytes) and data buffer. */
    static Path safetensors(Path dir, String header, byte[] buffer) throws IOException {
        return safetensors(dir, header.getBytes(StandardCharsets.UTF_8), buffer);
    }

    /** A safetensors file with these header bytes and data buffer. */
    static Path safetensors(Path dir, byte[] header, byte[] buffer) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + buffer.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(buffer);
        return file(dir, "t.safetensors", b.array());
    }

    /** The header of a one-tensor file: {@code {"w":{"dtype":"F32","shape":SHAPE,"data_offsets":OFFSETS}}}. */
    static String oneTensor(String shape, String offsets) {
        return "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }

    /**
     * An .npy file of format 1.0 with this header dict (padded as NumPy pads it) and data.
     */
    static Path npy(Path dir, String dict, byte[] data) throws IOException {
        return npy(dir, 1, dict.getBytes(StandardCharsets.ISO_8859_1), data);
    }

    /** An .npy file of the given major version with these header bytes (padded) and data. */
    static Path npy(Path dir, int major, byte[] dict, byte[] data) throws IOException {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.length + 1;
        int headerLength = dict.length + 1 + (64 - unpadded % 64) % 64;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + headerLength + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dict);
        while (b.position() < 8 + lengthBytes + headerLength - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return file(dir, "t.npy", b.array());
    }

    /** Little-endian float32 bytes of {@code values}. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /**
     * Asserts that {@code read} fails with a {@link JlstmFileException} whose message names
     * {@code file} and contains every one of {@code words}; returns the exception.
     */
    static JlstmFileException assertFileError(Path file, Executable read, String... words) {
        JlstmFileException e = assertThrows(JlstmFileException.class, read);
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file + ": "), () -> "the message starts with the file: " + msg);
        for (String w : words) {
            if (!msg.contains(w)) {
                fail("the message should contain \"" + w + "\": " + msg);
            }
        }
        return e;
    }

    /** The raw bits of every element, for comparisons that tell NaN payloads and -0 apart. */
    static int[] bits(float[] data) {
        int[] bits = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            bits[i] = Float.floatToRawIntBits(data[i]);
        }
        return bits;
    }
}
