package dev.jlstm.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes float arrays as little-endian float32 bytes, the data of both file formats. */
final class Floats {

    private static final int CHUNK_FLOATS = 1 << 14;

    private Floats() {}

    /** Writes every element of {@code data}, bit for bit (NaN payloads included), through a small buffer. */
    static void write(OutputStream out, float[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * Math.min(CHUNK_FLOATS, data.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < data.length; ) {
            int n = Math.min(CHUNK_FLOATS, data.length - done);
            // A bulk put is a memory copy, which keeps NaN payloads that a float-by-float path might not.
            buffer.clear();
            buffer.asFloatBuffer().put(data, done, n);
            out.write(buffer.array(), 0, Float.BYTES * n);
            done += n;
        }
    }
}
