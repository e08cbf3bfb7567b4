package dev.jlstm.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: readers, and the file after a crash, see either the previous
 * version or the complete new one, never a half-written file.
 *
 * <p>{@link #write} has the body write into a temporary file in the target's directory, named
 * {@code .NAME.tmp-RANDOM} after the target {@code NAME}, forces it to the storage device, and then
 * renames it over the target ({@link StandardCopyOption#ATOMIC_MOVE}; where the file system cannot
 * rename atomically, an ordinary replacing move). The temporary file is deleted whenever the write
 * fails, whether the body throws or the disk is full. Only a crash of the JVM or the machine between
 * creating and renaming it can leave one behind; its name tells what it was.
 *
 * <p>The new file is created with the default permissions of the process (its umask), not those of the
 * file it replaces; a symbolic link at the target is replaced by the file, not followed.
 */
public final class AtomicFiles {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int NAME_ATTEMPTS = 16;

    private AtomicFiles() {}

    /**
     * Writes {@code target} atomically: what {@code body} writes to the stream it is given becomes the
     * whole content of {@code target}, or, if anything fails, {@code target} is left as it was.
     *
     * <p>The stream is buffered; the body need not flush it, and closing it does nothing (this method
     * closes the file after the body returns).
     *
     * @param target the file to create or replace; its directory must exist
     * @param body   writes the content
     * @throws IOException if the body throws it, or if creating, writing, forcing or renaming the
     *                     temporary file fails; the target is then unchanged and the temporary file gone
     */
    public static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException(target + ": not a file path (it has no parent directory)");
        }
        Path tmp = createTemporary(dir, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new FileStream(tmp,
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES));
                body.accept(out);
                out.flush();
                try {
                    // Without this the rename can reach the disk before the data does, and a crash
                    // would leave an empty or partial file under the target's name.
                    channel.force(true);
                } catch (IOException e) {
                    throw FileStream.withPath(tmp, e);
                }
            }
            move(tmp, absolute);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        forceDirectory(dir);
    }

    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path tmp = dir.resolve("." + name + ".tmp-" + suffix);
            try {
                // CREATE_NEW: never write into a file someone else is using.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the rename itself durable by forcing the directory that holds it. Only some platforms
     * (Linux, macOS) can open a directory for this; elsewhere the rename is as durable as the file
     * system makes it, which is why a failure here is ignored: the new file is already in place.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // ignored, see above
        }
    }

    /**
     * The stream the body writes to: passes writes through, names the file in the message of a
     * failure that does not (such as a full disk), and turns close() into flush(), since the file is
     * closed by write().
     */
    private static final class FileStream extends FilterOutputStream {
        private final Path file;

        FileStream(Path file, OutputStream out) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw withPath(file, e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len); // FilterOutputStream would write one byte at a time
            } catch (IOException e) {
                throw withPath(file, e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw withPath(file, e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        static IOException withPath(Path file, IOException e) {
            if (e instanceof FileSystemException) {
                return e; // its message names the file already
            }
            return new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
