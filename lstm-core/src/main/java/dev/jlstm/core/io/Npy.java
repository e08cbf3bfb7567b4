package dev.jlstm.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * NumPy {@code .npy} files of float32 arrays.
 *
 * <p>{@link #read} accepts the files {@code numpy.save} writes for a C-contiguous float32 array of
 * any shape (a 0-d scalar, dimensions of length 0): format versions 1.0, 2.0 and 3.0, dtype
 * {@code '<f4'}, {@code fortran_order: False}. Any other dtype (including big-endian {@code '>f4'}),
 * Fortran order, or a file that breaks the format is a {@link JlstmFileException} that says which.
 * Convert in Python first, e.g. {@code np.save(f, np.ascontiguousarray(a, dtype='<f4'))}.
 *
 * <p>{@link #write} writes what {@code numpy.save} would, byte for byte.
 *
 * <p>The format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
public final class Npy {

    /** The file size limit of {@link #read(Path)}: 2 GiB. */
    public static final long DEFAULT_MAX_BYTES = Limits.DEFAULT_MAX_BYTES;

    /**
     * The longest header read. NumPy's own reader stops at 10,000 characters; this leaves room for
     * hand-made files while keeping a hostile length from costing memory.
     */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Magic, major and minor version: the fixed start of every file. */
    private static final int PREAMBLE_BYTES = NpyHeader.MAGIC.length + 2;

    private Npy() {}

    /**
     * Reads a float32 array, refusing files larger than {@link #DEFAULT_MAX_BYTES}.
     *
     * @return the array, its shape as in the file
     * @throws JlstmFileException if the file is not an .npy file of little-endian float32 in C order,
     *                            is truncated or has extra bytes, or is over the size limit
     * @throws IOException        if it cannot be read (e.g. {@link java.nio.file.NoSuchFileException});
     *                            the message names the file
     */
    public static Tensor read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads a float32 array, refusing files larger than {@code maxBytes} before reading any data.
     *
     * @param maxBytes the largest file size accepted, {@code >= 0}
     * @return the array, its shape as in the file
     * @throws JlstmFileException       if the file is not an .npy file of little-endian float32 in C
     *                                  order, is truncated or has extra bytes, is larger than
     *                                  {@code maxBytes}, or holds more elements than a Java array can
     * @throws IOException              if it cannot be read; the message names the file
     * @throws IllegalArgumentException if {@code maxBytes < 0}
     */
    public static Tensor read(Path file, long maxBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileSource in = FileSource.open(file, maxBytes, "Npy.read(Path, long)")) {
            long size = in.size();
            ByteBuffer start = in.read(0, (int) Math.min(size, PREAMBLE_BYTES), "the magic string");
            for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
                if (i == start.limit()) {
                    throw in.fail("the file is " + size + " bytes, too short for an .npy file");
                }
                if (start.get(i) != NpyHeader.MAGIC[i]) {
                    throw in.fail("not an .npy file: it does not start with the magic string \\x93NUMPY");
                }
            }
            if (size < PREAMBLE_BYTES) {
                throw in.fail("the file is " + size + " bytes, too short for an .npy file");
            }
            int major = Byte.toUnsignedInt(start.get(6));
            int minor = Byte.toUnsignedInt(start.get(7));
            if (major < 1 || major > 3 || minor != 0) {
                throw in.fail("unsupported .npy format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)");
            }
            // Version 1.0 has a 16-bit header length, 2.0 and 3.0 a 32-bit one; 3.0 allows UTF-8.
            int lengthBytes = major == 1 ? 2 : 4;
            if (size < PREAMBLE_BYTES + lengthBytes) {
                throw in.fail("the file is " + size + " bytes, too short for an .npy file of version " + major + ".0");
            }
            ByteBuffer lengthField = in.read(PREAMBLE_BYTES, lengthBytes, "the header length");
            long headerLength = major == 1 ? Short.toUnsignedInt(lengthField.getShort())
                    : Integer.toUnsignedLong(lengthField.getInt());
            long dataStart = PREAMBLE_BYTES + lengthBytes + headerLength;
            if (headerLength > MAX_HEADER_BYTES) {
                throw in.fail("the header length is " + headerLength + " bytes, more than the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            if (dataStart > size) {
                throw in.fail("the header length is " + headerLength + " bytes, but only "
                        + (size - PREAMBLE_BYTES - lengthBytes) + " bytes follow it (truncated file?)");
            }
            ByteBuffer headerBytes = in.read(PREAMBLE_BYTES + lengthBytes, (int) headerLength, "the header");
            String text = major == 3 ? decodeUtf8(in, headerBytes)
                    : StandardCharsets.ISO_8859_1.decode(headerBytes).toString();
            NpyHeader header = NpyHeader.parse(in, text, major < 3);
            return readData(in, header.shape(), dataStart);
        }
    }

    private static Tensor readData(FileSource in, long[] shape, long dataStart) throws IOException {
        long count = Shapes.elementCount(shape);
        long found = in.size() - dataStart;
        if (found % Float.BYTES != 0 || found / Float.BYTES != count) {
            String needs = Shapes.byteCount(count);
            throw in.fail("the data is " + found + " bytes, but shape " + NpyHeader.format(shape)
                    + " of float32 needs " + needs + (found / Float.BYTES < count ? " (truncated file?)" : ""));
        }
        if (count > Shapes.MAX_ELEMENTS) {
            throw in.fail("shape " + NpyHeader.format(shape) + " holds " + count
                    + " elements, more than a Java array can (" + Shapes.MAX_ELEMENTS + ")");
        }
        float[] data = new float[(int) count];
        in.readFloats(dataStart, data, "the data");
        return new Tensor(Arrays.stream(shape).mapToInt(Math::toIntExact).toArray(), data);
    }

    private static String decodeUtf8(FileSource in, ByteBuffer bytes) throws JlstmFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw in.fail("the header of this version 3.0 file is not valid UTF-8");
        }
    }

    /**
     * Writes {@code tensor} as a little-endian float32 C-order {@code .npy} file, byte for byte as
     * {@code numpy.save} would: format 1.0 (2.0 only for a header too long for 1.0, at ranks in the
     * thousands), the data starting at a multiple of 64 bytes. The file is replaced atomically (see
     * {@link AtomicFiles}): on failure the previous file, if any, is unchanged.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensor, "tensor");
        byte[] preamble = NpyHeader.encode(tensor.shape());
        AtomicFiles.write(file, out -> {
            out.write(preamble);
            Floats.write(out, tensor.data());
        });
    }
}
