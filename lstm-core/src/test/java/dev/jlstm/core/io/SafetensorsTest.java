package dev.jlstm.core.io;

import static dev.jlstm.core.io.Fixtures.assertFileError;
import static dev.jlstm.core.io.Fixtures.bits;
import static dev.jlstm.core.io.Fixtures.floats;
import static dev.jlstm.core.io.Fixtures.oneTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsTest {

    private static final List<String> LSTM_NAMES = List.of("bias_hh_l0", "bias_ih_l0", "weight_hh_l0", "weight_ih_l0");

    @TempDir
    Path dir;

    // ---- files made the way PyTorch users make them ----

    @Test
    void readsAPyTorchStateDictLikeItsNpyCopies() throws IOException {
        Map<String, Tensor> tensors = Safetensors.read(Fixtures.path("lstm.safetensors"));
        assertEquals(LSTM_NAMES, new ArrayList<>(tensors.keySet()), "in order of data offset");
        assertArrayEquals(new int[] {8, 3}, tensors.get("weight_ih_l0").shape(), "[4H x X] for H = 2, X = 3");
        assertArrayEquals(new int[] {8, 2}, tensors.get("weight_hh_l0").shape());
        for (String name : LSTM_NAMES) {
            Tensor fromNumpy = Npy.read(Fixtures.path("lstm_" + name + ".npy"));
            assertEquals(fromNumpy, tensors.get(name), name);
            assertArrayEquals(bits(fromNumpy.data()), bits(tensors.get(name).data()), name);
        }
        assertEquals(Map.of("format", "pt"), Safetensors.readMetadata(Fixtures.path("lstm.safetensors")));
    }

    @Test
    void readsScalarsEmptyTensorsUnicodeNamesAndEscapedMetadata() throws IOException {
        Path file = Fixtures.path("edge_cases.safetensors");
        Map<String, Tensor> tensors = Safetensors.read(file);
        assertEquals(List.of("empty", "scalar", "énergie/层"), new ArrayList<>(tensors.keySet()));
        assertArrayEquals(new int[] {0, 3}, tensors.get("empty").shape());
        assertEquals(new Tensor(new int[0], new float[] {2.5f}), tensors.get("scalar"));
        assertEquals(new Tensor(new int[] {2, 2}, new float[] {0, 1, 2, 3}), tensors.get("énergie/层"));
        Map<String, String> metadata = Safetensors.readMetadata(file);
        assertEquals(List.of("quote\"backslash\\", "ünïcode"), new ArrayList<>(metadata.keySet()));
        assertEquals("line\nbreak\ttab\u0001", metadata.get("quote\"backslash\\"));
        assertEquals("层", metadata.get("ünïcode"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm.safetensors", "edge_cases.safetensors"})
    void writesWhatTheReferenceLayoutWritesByteForByte(String name) throws IOException {
        Path copy = dir.resolve(name);
        Safetensors.write(copy, Safetensors.read(Fixtures.path(name)), Safetensors.readMetadata(Fixtures.path(name)));
        assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(copy));
    }

    @Test
    void refusesHalfAndDoublePrecisionModelsNamingTheTensor() {
        Path f64 = Fixtures.path("f64.safetensors");
        assertFileError(f64, () -> Safetensors.read(f64), "tensor 'weight_ih_l0' has dtype F64; only F32 is supported");
        Path bf16 = Fixtures.path("bf16.safetensors");
        assertFileError(bf16, () -> Safetensors.read(bf16), "tensor 'weight_ih_l0' has dtype BF16; only F32 is supported");
    }

    // ---- round trips ----

    @Test
    void roundTripsManyTensorsInMapOrderWithMetadata() throws IOException {
        Random rnd = new Random(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            int rank = rnd.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = rnd.nextInt(i % 10 == 0 ? 1 : 5); // some zero-length tensors
            }
            Tensor t = Tensor.zeros(shape);
            for (int k = 0; k < t.size(); k++) {
                t.data()[k] = Float.intBitsToFloat(rnd.nextInt());
            }
            tensors.put("layer" + (299 - i) + ".w", t); // an order that is not sorted
        }
        tensors.put("special", new Tensor(new int[] {5}, new float[] {
                Float.intBitsToFloat(0x7FC0BEEF), Float.intBitsToFloat(0xFFFFFFFF), -0f, Float.MIN_VALUE,
                Float.intBitsToFloat(0x807FFFFF)}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("notes", "{\"json\": [1, 2]}\n\u0000\u001f ok");
        Path file = dir.resolve("many.safetensors");
        Safetensors.write(file, tensors, metadata);

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the header is padded to a multiple of 8 bytes");
        Map<String, Tensor> back = Safetensors.read(file);
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(back.keySet()), "the order of the map");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            assertArrayEquals(e.getValue().shape(), back.get(e.getKey()).shape(), e.getKey());
            assertArrayEquals(bits(e.getValue().data()), bits(back.get(e.getKey()).data()), e.getKey());
        }
        assertEquals(metadata, Safetensors.readMetadata(file));
    }

    @Test
    void roundTripsNoTensorsAndNoMetadata() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), Map.of());
        assertEquals("{}      ", new String(Files.readAllBytes(file), 8, 8, StandardCharsets.UTF_8));
        assertEquals(Map.of(), Safetensors.read(file));
        assertEquals(Map.of(), Safetensors.readMetadata(file));
    }

    @Test
    void writeRefusesReservedNamesUnpairedSurrogatesAndNulls() {
        Path file = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                Map.of("half\ud800", Tensor.zeros(1)), Map.of()));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        Map<String, Tensor> nullTensor = new LinkedHashMap<>();
        nullTensor.put("w", null);
        assertThrows(NullPointerException.class, () -> Safetensors.write(file, nullTensor, Map.of()));
        assertThrows(NullPointerException.class, () -> Safetensors.write(file, Map.of(), null));
        assertTrue(Files.notExists(file));
    }

    // ---- one test per format rule ----

    @Test
    void refusesAFileShorterThanTheLengthField() throws IOException {
        for (int n = 0; n < 8; n++) {
            Path file = Fixtures.file(dir, "t.safetensors", new byte[n]);
            assertFileError(file, () -> Safetensors.read(file), "the file is " + n + " bytes", "8-byte header length");
        }
    }

    @Test
    void refusesAHeaderLengthLargerThanTheFile() throws IOException {
        byte[] bytes = new byte[8 + 10];
        bytes[0] = 11;
        Path file = Fixtures.file(dir, "t.safetensors", bytes);
        assertFileError(file, () -> Safetensors.read(file), "header length is 11 bytes", "only 10 bytes follow");
    }

    @ParameterizedTest
    @ValueSource(longs = {100_000_001L, 1L << 40, -1L})
    void refusesAHeaderLengthOverTheLimitBeforeReadingIt(long length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        Path file = Fixtures.file(dir, "t.safetensors", b.array());
        assertFileError(file, () -> Safetensors.read(file), "header length is " + Long.toUnsignedString(length),
                "limit of 100000000 bytes");
    }

    @Test
    void refusesFilesOverTheSizeLimitBeforeReadingThem() throws IOException {
        Path file = Fixtures.path("lstm.safetensors");
        assertFileError(file, () -> Safetensors.read(file, 535), "the file is 536 bytes", "limit of 535 bytes");
        assertEquals(4, Safetensors.read(file, 536).size());
        assertThrows(IllegalArgumentException.class, () -> Safetensors.read(file, -5));
        assertEquals(1L << 31, Safetensors.DEFAULT_MAX_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3 28", "C0 AF", "ED A0 80", "F8 88 80 80 80", "FF", "E2 82"})
    void refusesAHeaderThatIsNotUtf8(String hex) throws IOException {
        byte[] bad = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] header = ("{\"__metadata__\":{\"k\":\"" + "x".repeat(bad.length) + "\"}}").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bad, 0, header, 22, bad.length);
        Path file = Fixtures.safetensors(dir, header, new byte[0]);
        assertFileError(file, () -> Safetensors.read(file), "not valid UTF-8", "at byte 22");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``| the header must start with '{', found the end of the header",
            "` {}`| must start with '{'",
            "`\ufeff{}`| must start with '{'",
            "{| expected a tensor name (a string), found the end of the header",
            "{}}| expected the end of the header, found '}'",
            "{} x| expected the end of the header",
            "{,}| expected a tensor name",
            "{'w':{}}| expected a tensor name (a string), found '''",
            "{\"w\" {}}| expected ':'",
            "{\"w\":{\"dtype\":\"F32\",}}| expected a key",
            "{\"w\":{\"dtype\":\"F32\" \"shape\":[]}}| expected ',' or '}'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,],\"data_offsets\":[0,4]}}| expected an integer (a number), found ']'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1 2]}}| expected ',' or ']'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[01]}}| leading zero",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[-]}}| expected a digit",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.]}}| after the decimal point",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1e]}}| in the exponent",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[NaN]}}| expected an integer (a number), found 'N'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[+1]}}| found '+'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]/* c */}}| found '/'",
            "{\"w\\x\":{}}| invalid escape '\\x'",
            "{\"w\\ud800\":{}}| unpaired surrogate",
            "{\"w\\udc00\\ud800\":{}}| unpaired surrogate",
            "{\"w\\ud800\\u0041\":{}}| unpaired surrogate",
            "{\"w\\u12g4\":{}}| invalid hex digit",
            "{\"w\\u12\"| incomplete \\u escape",
            "{\"w| unterminated string",
            "{\"w\u0001\":{}}| unescaped control character U+0001",
    })
    void refusesMalformedJson(String header, String words) throws IOException {
        Path file = Fixtures.safetensors(dir, header, new byte[0]);
        assertFileError(file, () -> Safetensors.read(file), "the header is not valid JSON", words.trim(),
                "at character");
    }

    @Test
    void acceptsEveryJsonEscapeAndWhitespace() throws IOException {
        String header = " \t\n\r{ \"__metadata__\" : { \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\" : \"v\" } ,"
                + "\"w\":{\"shape\":[ 1 ],\"data_offsets\":[0,4],\"dtype\":\"F32\"}}  \n";
        Path file = Fixtures.safetensors(dir, "{" + header.substring(header.indexOf('{') + 1), floats(1.5f));
        assertEquals(Map.of("\"\\/\b\f\n\r\té\ud83d\ude00", "v"), Safetensors.readMetadata(file));
        assertEquals(new Tensor(new int[] {1}, new float[] {1.5f}), Safetensors.read(file).get("w"));
    }

    @Test
    void hostileNestingAndNumbersFailFastWithoutRecursion() throws IOException {
        String[] headers = {
                "{\"w\":{\"dtype\":\"F32\",\"shape\":" + "[".repeat(1_000_000),
                "{\"__metadata__\":" + "{\"a\":".repeat(200_000),
                "{\"w\":" + "[".repeat(1_000_000),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + "9".repeat(1_000_000) + "]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(1_000_000) + "]}}",
        };
        for (String header : headers) {
            Path file = Fixtures.safetensors(dir, header, new byte[0]);
            assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(JlstmFileException.class, () -> Safetensors.read(file)));
        }
    }

    @Test
    void refusesADuplicateTensorName() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        Path file = Fixtures.safetensors(dir, "{\"w\":" + entry + ",\"w\":" + entry + "}", floats(1f, 2f));
        assertFileError(file, () -> Safetensors.read(file), "the tensor name 'w' appears twice");
        Path metadata = Fixtures.safetensors(dir, "{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0]);
        assertFileError(metadata, () -> Safetensors.read(metadata), "'__metadata__' appears twice");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}| tensor 'w' has no 'dtype'",
            "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}| tensor 'w' has no 'shape'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}| tensor 'w' has no 'data_offsets'",
            "{\"w\":{}}| tensor 'w' has no 'dtype'",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}| tensor 'w' has an unknown key 'extra'",
            "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}| tensor 'w' has the key 'dtype' twice",
            "{\"w\":[]}| tensor 'w' must be an object with dtype, shape and data_offsets, found an array",
            "{\"w\":\"F32\"}| tensor 'w' must be an object with dtype, shape and data_offsets, found a string",
            "{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}| tensor 'w': dtype must be a string, found a number",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}| tensor 'w': shape must be an array of integers, found a number",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null}}| tensor 'w': data_offsets must be an array of integers, found null",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}| tensor 'w' has data_offsets [0, 4, 8]; expected two numbers",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}| expected two numbers [begin, end]",
    })
    void refusesTensorEntriesWithMissingExtraOrMistypedKeys(String header, String words) throws IOException {
        Path file = Fixtures.safetensors(dir, header, floats(1f));
        assertFileError(file, () -> Safetensors.read(file), words.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"F64", "F16", "BF16", "I64", "f32", "F32 ", ""})
    void refusesEveryDtypeButF32(String dtype) throws IOException {
        Path file = Fixtures.safetensors(dir, "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                floats(1f));
        assertFileError(file, () -> Safetensors.read(file), "tensor 'w' has dtype " + dtype + "; only F32 is supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[2,-3]| [0,24]| tensor 'w': shape dimension -3 is negative",
            "[2.0,3]| [0,24]| tensor 'w': shape dimension 2.0 is not an integer",
            "[6e0]| [0,24]| shape dimension 6e0 is not an integer",
            "[99999999999999999999]| [0,24]| shape dimension 99999999999999999999 is too large",
            "[4294967296,4294967296,4294967296]| [0,24]| shape [4294967296, 4294967296, 4294967296], whose element count overflows",
            "[2,3]| [0,20]| tensor 'w' has shape [2, 3] (6 F32 values, 24 bytes) but data_offsets [0, 20] hold 20 bytes",
            "[]| [0,8]| tensor 'w' has shape [] (1 F32 values, 4 bytes) but data_offsets [0, 8] hold 8 bytes",
            "[2,3]| [24,0]| tensor 'w' has data_offsets [24, 0] whose begin is after its end",
            "[2,3]| [-1,23]| tensor 'w': data_offsets offset -1 is negative",
            "[2,3]| [8,32]| tensor 'w' has data_offsets [8, 32], past the end of the 24-byte data buffer",
            "[2,3]| [9223372036854775800,9223372036854775807]| data_offsets [9223372036854775800, 9223372036854775807] hold 7 bytes",
            "[1]| [9223372036854775800,9223372036854775804]| past the end of the 24-byte data buffer",
    })
    void refusesBadShapesAndOffsets(String shape, String offsets, String words) throws IOException {
        Path file = Fixtures.safetensors(dir, oneTensor(shape.trim(), offsets.trim()), new byte[24]);
        assertFileError(file, () -> Safetensors.read(file), words.trim());
    }

    @Test
    void refusesOverlappingTensors() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        Path file = Fixtures.safetensors(dir, header, new byte[24]);
        assertFileError(file, () -> Safetensors.read(file), "tensors 'a' [0, 16] and 'b' [8, 24] overlap");
        String same = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path twice = Fixtures.safetensors(dir, same, new byte[8]);
        assertFileError(twice, () -> Safetensors.read(twice), "overlap");
        String inside = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]}}";
        Path empty = Fixtures.safetensors(dir, inside, new byte[16]);
        assertFileError(empty, () -> Safetensors.read(empty), "tensors 'a' [0, 16] and 'e' [8, 8] overlap");
    }

    @Test
    void refusesHolesInTheDataBuffer() throws IOException {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Path between = Fixtures.safetensors(dir, gap, new byte[12]);
        assertFileError(between, () -> Safetensors.read(between), "bytes 4 to 8 of the data buffer belong to no tensor",
                "holes");
        Path leading = Fixtures.safetensors(dir, oneTensor("[1]", "[4,8]"), new byte[8]);
        assertFileError(leading, () -> Safetensors.read(leading), "bytes 0 to 4 of the data buffer belong to no tensor");
        Path trailing = Fixtures.safetensors(dir, oneTensor("[1]", "[0,4]"), new byte[7]);
        assertFileError(trailing, () -> Safetensors.read(trailing),
                "bytes 4 to 7 at the end of the data buffer belong to no tensor");
        Path noTensors = Fixtures.safetensors(dir, "{}", new byte[1]);
        assertFileError(noTensors, () -> Safetensors.read(noTensors), "bytes 0 to 1 at the end");
        assertFileError(noTensors, () -> Safetensors.readMetadata(noTensors), "bytes 0 to 1 at the end");
    }

    @Test
    void acceptsZeroLengthTensorsAnywhereAndKeepsTheirOrder() throws IOException {
        String header = "{\"e1\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"e2\":{\"dtype\":\"F32\",\"shape\":[2,0],\"data_offsets\":[4,4]},"
                + "\"e3\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[8,8]}}";
        Path file = Fixtures.safetensors(dir, header, floats(1f, 2f));
        Map<String, Tensor> tensors = Safetensors.read(file);
        assertEquals(List.of("e1", "a", "e2", "b", "e3"), new ArrayList<>(tensors.keySet()));
        assertArrayEquals(new float[] {2f}, tensors.get("b").data());
    }

    @Test
    void refusesMalformedMetadata() throws IOException {
        String[][] cases = {
                {"{\"__metadata__\":[]}", "'__metadata__' must be an object of strings, found an array"},
                {"{\"__metadata__\":{\"step\":100}}", "'__metadata__' value of 'step' must be a string, found a number"},
                {"{\"__metadata__\":{\"a\":{}}}", "value of 'a' must be a string, found an object"},
                {"{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", "'__metadata__' has the key 'k' twice"},
        };
        for (String[] c : cases) {
            Path file = Fixtures.safetensors(dir, c[0], new byte[0]);
            assertFileError(file, () -> Safetensors.readMetadata(file), c[1]);
        }
    }

    @Test
    void refusesATensorLargerThanAJavaArrayNamingIt() throws IOException {
        // 2^31 floats: an 8 GiB file, sparse, so it costs no disk. Checked before any allocation.
        Path file = Fixtures.safetensors(dir, oneTensor("[65536,32768]", "[0,8589934592]"), new byte[0]);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() + (8L << 30));
        } catch (IOException e) {
            assumeTrue(false, "no room for a sparse 8 GiB file: " + e);
        }
        assertFileError(file, () -> Safetensors.read(file), "limit of 2147483648 bytes");
        assertFileError(file, () -> Safetensors.read(file, Long.MAX_VALUE),
                "tensor 'w' has 2147483648 elements, more than a Java array can hold");
        assertEquals(Map.of(), Safetensors.readMetadata(file), "the header alone is readable");
    }

    @Test
    void refusesADimensionLargerThanAnIntBesideAZero() throws IOException {
        Path file = Fixtures.safetensors(dir, oneTensor("[0,3000000000]", "[0,0]"), new byte[0]);
        assertFileError(file, () -> Safetensors.read(file), "tensor 'w' has dimension 3000000000, larger than 2147483647");
    }

    @Test
    void aMissingFileIsAnOrdinaryIOExceptionNamingIt() {
        Path file = dir.resolve("missing.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains("missing.safetensors"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Safetensors.readMetadata(file));
    }
}
