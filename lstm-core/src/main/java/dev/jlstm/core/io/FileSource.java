package dev.jlstm.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened by one of the readers: positioned reads that turn a short file into a
 * {@link JlstmFileException}, and any other I/O failure into an {@link IOException} that names the
 * file.
 */
final class FileSource implements Closeable {

    /** Floats are read through a buffer of this many bytes, never through a copy of a whole tensor. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long size;

    private FileSource(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * Opens {@code file} for reading and checks its size against {@code maxBytes}.
     *
     * @throws java.nio.file.NoSuchFileException and the other file system exceptions if it cannot be
     *                                           opened
     * @throws JlstmFileException                if it is larger than {@code maxBytes}
     */
    static FileSource open(Path file, long maxBytes, String method) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, found " + maxBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        FileSource source;
        try {
            source = new FileSource(file, channel);
        } catch (IOException e) {
            channel.close();
            throw withPath(file, e);
        }
        if (source.size > maxBytes) {
            source.close();
            throw new JlstmFileException(file, "the file is " + source.size + " bytes, more than the limit of "
                    + maxBytes + " bytes (" + method + " takes a larger limit)");
        }
        return source;
    }

    /** The file's size in bytes, as it was when it was opened. */
    long size() {
        return size;
    }

    /** A format error in this file. */
    JlstmFileException fail(String problem) {
        return new JlstmFileException(file, problem);
    }

    /**
     * Reads {@code length} bytes from {@code position} into a new little-endian buffer, flipped for
     * reading.
     *
     * @param what names the part being read, for the message if the file ends first
     */
    ByteBuffer read(long position, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(buffer, position, what);
        return buffer.flip();
    }

    /** Reads {@code dst.length} little-endian float32 values starting at {@code position}. */
    void readFloats(long position, float[] dst, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, 4L * dst.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < dst.length) {
            int n = Math.min(dst.length - done, buffer.capacity() / 4);
            buffer.clear().limit(4 * n);
            readFully(buffer, position + 4L * done, what);
            // A bulk get of same-order floats is a memory copy: NaN payloads keep their bits.
            buffer.flip().asFloatBuffer().get(dst, done, n);
            done += n;
        }
    }

    private void readFully(ByteBuffer buffer, long position, String what) throws IOException {
        long start = position;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    // The size was checked when the file was opened, so someone truncated it since.
                    throw fail("the file ends at byte " + position + " while reading " + what + " (bytes "
                            + start + " to " + (start + buffer.limit()) + ")");
                }
                position += n;
            }
        } catch (JlstmFileException e) {
            throw e;
        } catch (IOException e) {
            throw withPath(file, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** {@code e} if its message already names the file, else an IOException that does. */
    private static IOException withPath(Path file, IOException e) {
        if (e instanceof FileSystemException || e instanceof JlstmFileException) {
            return e;
        }
        return new IOException(file + ": " + e.getMessage(), e);
    }
}
