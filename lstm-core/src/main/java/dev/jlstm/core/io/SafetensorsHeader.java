package dev.jlstm.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a safetensors file: reading and checking it against the format, and writing it.
 *
 * <p>The format (https://github.com/huggingface/safetensors): an unsigned little-endian 64-bit length
 * {@code N}, then {@code N} bytes of UTF-8 JSON that start with '{' and may be padded with spaces,
 * then the data buffer. The JSON maps each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}, offsets relative to the
 * start of the buffer, and may hold one {@code "__metadata__"} object of strings. The tensors must
 * cover the buffer exactly: no overlaps, no holes, nothing after the last one.
 */
final class SafetensorsHeader {

    /** The largest header accepted, the same limit as the reference (Rust) implementation's. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    private static final String F32 = "F32";
    private static final int LENGTH_BYTES = Long.BYTES;

    /** One tensor of the header, its offsets relative to the data buffer. */
    record Entry(String name, long[] shape, long count, long begin, long end) {}

    private final long dataStart;
    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(long dataStart, List<Entry> entries, Map<String, String> metadata) {
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Where the data buffer starts in the file. */
    long dataStart() {
        return dataStart;
    }

    /** The tensors in order of their data offsets. */
    List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} entries in header order; empty if there are none. */
    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads and checks the header of {@code in}: everything the format promises is verified here, so
     * that the data can then be read without further checks.
     */
    static SafetensorsHeader read(FileSource in) throws IOException {
        long size = in.size();
        if (size < LENGTH_BYTES) {
            throw in.fail("the file is " + size + " bytes, too short for the 8-byte header length"
                    + " of a safetensors file");
        }
        long length = in.read(0, LENGTH_BYTES, "the header length").getLong();
        // Unsigned: a length with the top bit set reads as negative and is over every limit anyway.
        if (length < 0 || length > MAX_HEADER_BYTES) {
            throw in.fail("the header length is " + Long.toUnsignedString(length) + " bytes, more than the limit of "
                    + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (length > size - LENGTH_BYTES) {
            throw in.fail("the header length is " + length + " bytes, but only " + (size - LENGTH_BYTES)
                    + " bytes follow it (truncated, or not a safetensors file)");
        }
        String json = decodeUtf8(in, in.read(LENGTH_BYTES, (int) length, "the header"));
        long bufferLength = size - LENGTH_BYTES - length;
        return parse(new JsonCursor(in, json), LENGTH_BYTES + length, bufferLength);
    }

    private static String decodeUtf8(FileSource in, ByteBuffer bytes) throws JlstmFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE, (long) bytes.remaining()));
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            throw in.fail("the header is not valid UTF-8 (at byte " + bytes.position() + " of the header)");
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }

    private static SafetensorsHeader parse(JsonCursor json, long dataStart, long bufferLength)
            throws JlstmFileException {
        // The format requires the very first byte to be '{', so no whitespace or byte-order mark.
        if (!json.text.startsWith("{")) {
            throw json.syntaxError("the header must start with '{', found " + json.found());
        }
        json.pos++;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        if (!json.consumeIf('}')) {
            do {
                String name = json.readString("a tensor name");
                if (!names.add(name)) {
                    throw json.fail(name.equals(METADATA_KEY) ? "'" + METADATA_KEY + "' appears twice in the header"
                            : "the tensor name '" + name + "' appears twice in the header");
                }
                json.expect(':', "':'");
                if (name.equals(METADATA_KEY)) {
                    readMetadata(json, metadata);
                } else {
                    entries.add(readEntry(json, name, bufferLength));
                }
            } while (json.consumeIf(','));
            json.expect('}', "',' or '}'");
        }
        json.expectEnd();
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkCoverage(json, entries, bufferLength);
        return new SafetensorsHeader(dataStart, List.copyOf(entries), metadata);
    }

    private static void readMetadata(JsonCursor json, Map<String, String> metadata) throws JlstmFileException {
        if (json.peek() != '{') {
            throw json.fail("'" + METADATA_KEY + "' must be an object of strings, found " + json.describeNext());
        }
        json.pos++;
        if (json.consumeIf('}')) {
            return;
        }
        do {
            String key = json.readString("a metadata key");
            if (metadata.containsKey(key)) {
                throw json.fail("'" + METADATA_KEY + "' has the key '" + key + "' twice");
            }
            json.expect(':', "':'");
            if (json.peek() != '"') {
                throw json.fail("'" + METADATA_KEY + "' value of '" + key + "' must be a string, found "
                        + json.describeNext());
            }
            metadata.put(key, json.readString("a string"));
        } while (json.consumeIf(','));
        json.expect('}', "',' or '}'");
    }

    private static Entry readEntry(JsonCursor json, String name, long bufferLength) throws JlstmFileException {
        String tensor = "tensor '" + name + "'";
        if (json.peek() != '{') {
            throw json.fail(tensor + " must be an object with dtype, shape and data_offsets, found "
                    + json.describeNext());
        }
        json.pos++;
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        if (!json.consumeIf('}')) {
            do {
                String key = json.readString("a key");
                json.expect(':', "':'");
                boolean repeated;
                switch (key) {
                    case "dtype":
                        repeated = dtype != null;
                        if (json.peek() != '"') {
                            throw json.fail(tensor + ": dtype must be a string, found " + json.describeNext());
                        }
                        dtype = json.readString("a dtype");
                        break;
                    case "shape":
                        repeated = shape != null;
                        shape = readIntegers(json, tensor, "shape", "dimension");
                        break;
                    case "data_offsets":
                        repeated = offsets != null;
                        offsets = readIntegers(json, tensor, "data_offsets", "offset");
                        break;
                    default:
                        throw json.fail(tensor + " has an unknown key '" + key
                                + "' (a tensor has exactly dtype, shape and data_offsets)");
                }
                if (repeated) {
                    throw json.fail(tensor + " has the key '" + key + "' twice");
                }
            } while (json.consumeIf(','));
            json.expect('}', "',' or '}'");
        }
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw json.fail(tensor + " has no '" + missing + "' (a tensor has exactly dtype, shape and data_offsets)");
        }
        return checkedEntry(json, name, dtype, shape, offsets, bufferLength);
    }

    /** Checks one tensor on its own; {@link #checkCoverage} then checks them together. */
    private static Entry checkedEntry(JsonCursor json, String name, String dtype, long[] shape, long[] offsets,
                                      long bufferLength) throws JlstmFileException {
        String tensor = "tensor '" + name + "'";
        if (!dtype.equals(F32)) {
            throw json.fail(tensor + " has dtype " + dtype + "; only " + F32 + " is supported");
        }
        long count = Shapes.elementCount(shape); // the dimensions are known to be >= 0
        if (count == Shapes.OVERFLOW) {
            throw json.fail(tensor + " has shape " + Shapes.format(shape) + ", whose element count overflows 64 bits");
        }
        if (offsets.length != 2) {
            throw json.fail(tensor + " has data_offsets " + Shapes.format(offsets)
                    + "; expected two numbers [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw json.fail(tensor + " has data_offsets [" + begin + ", " + end + "] whose begin is after its end");
        }
        long span = end - begin;
        if (span % Float.BYTES != 0 || span / Float.BYTES != count) {
            throw json.fail(tensor + " has shape " + Shapes.format(shape) + " (" + count + " F32 values, "
                    + Shapes.byteCount(count)
                    + ") but data_offsets [" + begin + ", " + end + "] hold " + span + " bytes");
        }
        if (end > bufferLength) {
            throw json.fail(tensor + " has data_offsets [" + begin + ", " + end + "], past the end of the "
                    + bufferLength + "-byte data buffer (truncated file?)");
        }
        return new Entry(name, shape, count, begin, end);
    }

    /** An array of non-negative integers, e.g. a shape. */
    private static long[] readIntegers(JsonCursor json, String tensor, String key, String element)
            throws JlstmFileException {
        if (json.peek() != '[') {
            throw json.fail(tensor + ": " + key + " must be an array of integers, found " + json.describeNext());
        }
        json.pos++;
        long[] values = new long[4];
        int n = 0;
        if (!json.consumeIf(']')) {
            do {
                String number = json.readNumber("an integer");
                if (n == values.length) {
                    values = Arrays.copyOf(values, 2 * n);
                }
                values[n++] = nonNegativeInteger(json, number, tensor + ": " + key + " " + element);
            } while (json.consumeIf(','));
            json.expect(']', "',' or ']'");
        }
        return Arrays.copyOf(values, n);
    }

    private static long nonNegativeInteger(JsonCursor json, String number, String what) throws JlstmFileException {
        if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
            throw json.fail(what + " " + number + " is not an integer");
        }
        if (number.startsWith("-")) {
            throw json.fail(what + " " + number + " is negative");
        }
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw json.fail(what + " " + number + " is too large");
        }
    }

    /** The tensors, sorted by offset, must tile the buffer: each starts where the previous ended. */
    private static void checkCoverage(JsonCursor json, List<Entry> sorted, long bufferLength)
            throws JlstmFileException {
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw json.fail("tensors '" + previous.name() + "' " + offsets(previous) + " and '" + e.name() + "' "
                        + offsets(e) + " overlap");
            }
            if (e.begin() > covered) {
                throw json.fail("bytes " + covered + " to " + e.begin() + " of the data buffer belong to no tensor"
                        + " (the format forbids holes)");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != bufferLength) {
            throw json.fail("bytes " + covered + " to " + bufferLength + " at the end of the data buffer belong to no"
                    + " tensor (the format forbids holes)");
        }
    }

    private static String offsets(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    /**
     * The 8-byte length and the header of a file holding {@code tensors} in this order, one after the
     * other, written like the reference implementation: compact JSON, {@code __metadata__} first and
     * only if there is any, padded with spaces to a multiple of 8 bytes so the data is 8-byte aligned.
     *
     * @throws IllegalArgumentException if a name is {@code __metadata__} or not valid Unicode
     */
    static byte[] encode(List<Map.Entry<String, Tensor>> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            appendString(json, METADATA_KEY).append(":{");
            String separator = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.append(separator);
                appendString(json, m.getKey()).append(':');
                appendString(json, m.getValue());
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> t : tensors) {
            if (t.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            json.append(json.length() > 1 ? "," : "");
            appendString(json, t.getKey()).append(":{\"dtype\":\"").append(F32).append("\",\"shape\":[");
            int[] shape = t.getValue().shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            long end = offset + (long) Float.BYTES * t.getValue().size();
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] utf8 = encodeUtf8(json);
        int padded = (utf8.length + 7) & ~7;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + padded + " bytes, more than the "
                    + MAX_HEADER_BYTES + " that readers accept");
        }
        ByteBuffer out = ByteBuffer.allocate(LENGTH_BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(utf8);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    /** Appends a JSON string, escaped as serde_json does: quote, backslash and control characters. */
    private static StringBuilder appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\b': json.append("\\b"); break;
                case '\f': json.append("\\f"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        return json.append('"');
    }

    private static byte[] encodeUtf8(CharSequence text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            return array;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a tensor name or metadata string is not valid Unicode"
                    + " (it holds an unpaired surrogate)", e);
        }
    }
}
