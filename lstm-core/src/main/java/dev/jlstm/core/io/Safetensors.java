package dev.jlstm.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hugging Face safetensors files of float32 tensors, the format PyTorch users share weights in
 * ({@code safetensors.torch.save_file(model.state_dict(), path)}).
 *
 * <p>The format (https://github.com/huggingface/safetensors): an unsigned little-endian 64-bit header
 * length {@code N}; {@code N} bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [4, 3], "data_offsets": [begin, end]}}, plus an optional
 * {@code "__metadata__"} object of strings; then the data buffer, which the tensors' byte ranges
 * (relative to its start) must cover exactly. Data is little-endian and row-major.
 *
 * <p>Reading checks all of that, and the file size against a limit, before it allocates any tensor;
 * a file that breaks a rule is a {@link JlstmFileException} naming the rule and, where there is one,
 * the tensor. Only dtype {@code F32} is read: convert other dtypes before saving
 * ({@code {k: v.float() for k, v in sd.items()}}).
 */
public final class Safetensors {

    /** The file size limit of {@link #read(Path)}: 2 GiB. */
    public static final long DEFAULT_MAX_BYTES = Limits.DEFAULT_MAX_BYTES;

    private Safetensors() {}

    /**
     * Reads every tensor, refusing files larger than {@link #DEFAULT_MAX_BYTES}.
     *
     * @return a new mutable map from tensor name to tensor, in order of the tensors' data offsets
     * @throws JlstmFileException if the file breaks the format, holds a tensor that is not F32 or
     *                            larger than a Java array, or is over the size limit
     * @throws IOException        if it cannot be read (e.g. {@link java.nio.file.NoSuchFileException});
     *                            the message names the file
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads every tensor, refusing files larger than {@code maxBytes} before reading any data.
     *
     * @param maxBytes the largest file size accepted, {@code >= 0}
     * @return a new mutable map from tensor name to tensor, in order of the tensors' data offsets
     * @throws JlstmFileException       if the file breaks the format, holds a tensor that is not F32
     *                                  or has more than {@code Integer.MAX_VALUE - 8} elements, or is
     *                                  larger than {@code maxBytes}
     * @throws IOException              if it cannot be read; the message names the file
     * @throws IllegalArgumentException if {@code maxBytes < 0}
     */
    public static Map<String, Tensor> read(Path file, long maxBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileSource in = FileSource.open(file, maxBytes, "Safetensors.read(Path, long)")) {
            SafetensorsHeader header = SafetensorsHeader.read(in);
            List<int[]> shapes = new ArrayList<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                shapes.add(javaShape(in, e)); // every tensor checked before any is allocated
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < shapes.size(); i++) {
                SafetensorsHeader.Entry e = header.entries().get(i);
                float[] data = new float[(int) e.count()];
                in.readFloats(header.dataStart() + e.begin(), data, "tensor '" + e.name() + "'");
                tensors.put(e.name(), new Tensor(shapes.get(i), data));
            }
            return tensors;
        }
    }

    private static int[] javaShape(FileSource in, SafetensorsHeader.Entry e) throws JlstmFileException {
        if (e.count() > Shapes.MAX_ELEMENTS) {
            throw in.fail("tensor '" + e.name() + "' has " + e.count() + " elements, more than a Java array can hold ("
                    + Shapes.MAX_ELEMENTS + ")");
        }
        int[] shape = new int[e.shape().length];
        for (int i = 0; i < shape.length; i++) {
            // Only possible beside a zero dimension: otherwise the count would be too large too.
            if (e.shape()[i] > Integer.MAX_VALUE) {
                throw in.fail("tensor '" + e.name() + "' has dimension " + e.shape()[i] + ", larger than "
                        + Integer.MAX_VALUE);
            }
            shape[i] = (int) e.shape()[i];
        }
        return shape;
    }

    /**
     * Reads the {@code __metadata__} strings, checking the whole header but reading no tensor data,
     * so it works on files of any size.
     *
     * @return a new mutable map in header order; empty if the file has no metadata
     * @throws JlstmFileException if the header breaks the format (the same rules as {@link #read(Path)})
     * @throws IOException        if the file cannot be read; the message names the file
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileSource in = FileSource.open(file, Long.MAX_VALUE, "Safetensors.readMetadata")) {
            return new LinkedHashMap<>(SafetensorsHeader.read(in).metadata());
        }
    }

    /**
     * Writes {@code tensors} as F32, contiguous in the map's iteration order, with {@code metadata} as
     * the {@code __metadata__} object (left out when empty); the header is compact JSON padded with
     * spaces to a multiple of 8 bytes, as the reference implementation writes it. The file is
     * replaced atomically (see {@link AtomicFiles}): on failure the previous file, if any, is unchanged.
     *
     * @param tensors  name to tensor; not modified while this runs
     * @param metadata free-form strings, e.g. {@code {"format": "pt"}}; may be empty
     * @throws NullPointerException     if a map, name, tensor, key or value is null
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}, or a name or string
     *                                  is not valid Unicode (holds an unpaired surrogate)
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        // One snapshot for both the header and the data, so they cannot disagree.
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(e.getKey(), "tensor name"),
                    Objects.requireNonNull(e.getValue(), () -> "tensor '" + e.getKey() + "'")));
        }
        Map<String, String> strings = new LinkedHashMap<>();
        metadata.forEach((k, v) -> strings.put(Objects.requireNonNull(k, "metadata key"),
                Objects.requireNonNull(v, () -> "metadata value of '" + k + "'")));
        byte[] header = SafetensorsHeader.encode(entries, strings);
        AtomicFiles.write(file, out -> {
            out.write(header);
            for (Map.Entry<String, Tensor> e : entries) {
                Floats.write(out, e.getValue().data());
            }
        });
    }
}
