package dev.jlstm.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that exists and can be read, but not as what it claims to be: a bad magic number, a
 * truncated or malformed header, an unsupported dtype, a shape that disagrees with the data, a size
 * over the reader's limit.
 *
 * <p>The message always starts with the file and then says what is wrong, e.g.
 * {@code W.safetensors: tensor 'weight_ih_l0' has dtype F64; only F32 is supported}. Failures of the
 * file system itself (a missing file, a permission denied) are not this exception but the ordinary
 * {@link IOException}s of {@code java.nio.file}, such as
 * {@link java.nio.file.NoSuchFileException}, whose messages also name the file.
 */
public class JlstmFileException extends IOException {

    private static final long serialVersionUID = 1L;

    // Path is not Serializable; a deserialized exception keeps its message and problem but no path.
    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file that was being read
     * @param problem what is wrong with it, without the file name
     */
    public JlstmFileException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * @param file    the file that was being read
     * @param problem what is wrong with it, without the file name
     * @param cause   the underlying failure, or null
     */
    public JlstmFileException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file, as it was given to the reader; null only after deserialization. */
    public Path file() {
        return file;
    }

    /** What is wrong with the file: the message without the leading file name. */
    public String problem() {
        return problem;
    }
}
