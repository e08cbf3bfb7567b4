package dev.jlstm.core.io;

import static dev.jlstm.core.io.Fixtures.assertFileError;
import static dev.jlstm.core.io.Fixtures.bits;
import static dev.jlstm.core.io.Fixtures.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

    private static final String F32_2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    private static final float[] A23 = {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f};

    @TempDir
    Path dir;

    // ---- files written by NumPy ----

    @ParameterizedTest
    @ValueSource(strings = {"f32_2x3.npy", "f32_2x3_v2.npy", "f32_2x3_v3.npy"})
    void readsNumpyFilesOfEveryFormatVersion(String name) throws IOException {
        Tensor t = Npy.read(Fixtures.path(name));
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(A23, t.data());
    }

    @Test
    void theVersionFixturesReallyHaveThoseVersions() throws IOException {
        assertEquals(1, Fixtures.bytes("f32_2x3.npy")[6]);
        assertEquals(2, Fixtures.bytes("f32_2x3_v2.npy")[6]);
        assertEquals(3, Fixtures.bytes("f32_2x3_v3.npy")[6]);
    }

    @Test
    void readsNumpyScalarsEmptyArraysAndHigherRanks() throws IOException {
        Tensor scalar = Npy.read(Fixtures.path("f32_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {-1.5f}, scalar.data());

        Tensor empty = Npy.read(Fixtures.path("f32_0x3.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.size());

        Tensor rank4 = Npy.read(Fixtures.path("f32_rank4.npy"));
        assertArrayEquals(new int[] {2, 1, 3, 2}, rank4.shape());
        for (int i = 0; i < 12; i++) {
            assertEquals(i, rank4.data()[i], "row-major order");
        }
    }

    @Test
    void readsSpecialValuesBitForBit() throws IOException {
        Tensor t = Npy.read(Fixtures.path("f32_special.npy"));
        int[] expected = {0x7FC12345, 0x80000000, 0x7F800000, 0xFF800000, 0x00000001, 0x7F7FFFFF, 0x3F800000};
        assertArrayEquals(expected, bits(t.data()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32_2x3.npy", "f32_scalar.npy", "f32_0x3.npy", "f32_rank4.npy", "f32_special.npy",
            "lstm_weight_ih_l0.npy"})
    void writesWhatNumpyWritesByteForByte(String name) throws IOException {
        Path copy = dir.resolve(name);
        Npy.write(copy, Npy.read(Fixtures.path(name)));
        assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(copy));
    }

    // ---- round trips ----

    @Test
    void roundTripsShapesAndBits() throws IOException {
        Random rnd = new Random(42);
        int[][] shapes = {{}, {1}, {0}, {7}, {2, 3}, {0, 3}, {3, 0}, {3, 0, 2}, {2, 1, 3, 1, 2}, {1000, 17},
                {300_007}};
        for (int[] shape : shapes) {
            Tensor t = Tensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = Float.intBitsToFloat(rnd.nextInt());
            }
            if (t.size() > 0) {
                t.data()[0] = Float.intBitsToFloat(0x7FC00001); // a NaN with a payload
            }
            if (t.size() > 3) {
                t.data()[1] = -0f;
                t.data()[2] = Float.MIN_VALUE; // subnormals
                t.data()[3] = Float.intBitsToFloat(0x807FFFFF);
            }
            Path file = dir.resolve("t.npy");
            Npy.write(file, t);
            assertEquals(0, (Files.readAllBytes(file).length - 4L * t.size()) % 64, "the data starts at a multiple of 64");
            Tensor back = Npy.read(file);
            assertArrayEquals(shape, back.shape(), () -> Arrays.toString(shape));
            assertArrayEquals(bits(t.data()), bits(back.data()), () -> Arrays.toString(shape));
        }
    }

    @Test
    void aHeaderTooLongForVersion1IsWrittenAsVersion2() throws IOException {
        int[] shape = new int[25_000]; // "1, " per dimension: more than 65535 header bytes
        Arrays.fill(shape, 1);
        Path file = dir.resolve("deep.npy");
        Npy.write(file, new Tensor(shape, new float[] {3f}));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2, bytes[6], "format version 2.0");
        int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + headerLength) % 64);
        assertEquals('\n', bytes[12 + headerLength - 1]);
        Tensor back = Npy.read(file);
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(new float[] {3f}, back.data());
    }

    // ---- refused dtypes and orders, as NumPy writes them ----

    @ParameterizedTest
    @CsvSource({
            "f64_2x3.npy, <f8, float64",
            "i64_2x3.npy, <i8, int64",
            "f16_2x3.npy, <f2, float16",
            "f4_big_endian_2x3.npy, >f4, big-endian float32",
    })
    void refusesOtherDtypesNamingThem(String name, String descr, String described) {
        Path file = Fixtures.path(name);
        assertFileError(file, () -> Npy.read(file), "dtype '" + descr + "'", "(" + described + ")",
                "only float32 '<f4'");
    }

    @Test
    void refusesFortranOrder() {
        Path file = Fixtures.path("f32_fortran_2x3.npy");
        assertFileError(file, () -> Npy.read(file), "Fortran", "only C order");
    }

    @Test
    void refusesStructuredDtypes() throws IOException {
        Path file = Fixtures.npy(dir, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[8]);
        assertFileError(file, () -> Npy.read(file), "structured dtype", "only float32 '<f4'");
    }

    // ---- one test per format rule ----

    @Test
    void refusesABadMagicString() throws IOException {
        byte[] bytes = Fixtures.bytes("f32_2x3.npy");
        bytes[1] = 'n';
        Path file = Fixtures.file(dir, "t.npy", bytes);
        assertFileError(file, () -> Npy.read(file), "not an .npy file", "magic");
        Path text = Fixtures.file(dir, "text.npy", "hello, world".getBytes(StandardCharsets.US_ASCII));
        assertFileError(text, () -> Npy.read(text), "not an .npy file");
    }

    @Test
    void refusesAFileTooShortForThePreamble() throws IOException {
        byte[] bytes = Fixtures.bytes("f32_2x3.npy");
        for (int n = 0; n < 10; n++) {
            Path file = Fixtures.file(dir, "t.npy", Arrays.copyOf(bytes, n));
            assertFileError(file, () -> Npy.read(file), "the file is " + n + " bytes", "too short");
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "4, 0", "1, 1", "2, 5", "255, 0"})
    void refusesUnknownFormatVersions(int major, int minor) throws IOException {
        byte[] bytes = Fixtures.bytes("f32_2x3.npy");
        bytes[6] = (byte) major;
        bytes[7] = (byte) minor;
        Path file = Fixtures.file(dir, "t.npy", bytes);
        assertFileError(file, () -> Npy.read(file), "unsupported .npy format version " + major + "." + minor);
    }

    @Test
    void refusesAHeaderLengthPastTheEndOfTheFile() throws IOException {
        byte[] bytes = Fixtures.bytes("f32_2x3.npy");
        bytes[8] = (byte) 0xF0; // the length 0x00F0 = 240 > 152 - 10
        Path file = Fixtures.file(dir, "t.npy", bytes);
        assertFileError(file, () -> Npy.read(file), "header length is 240 bytes", "only 142 bytes follow");
    }

    @Test
    void refusesAHugeHeaderLengthBeforeReadingIt() throws IOException {
        byte[] bytes = Fixtures.bytes("f32_2x3_v2.npy");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1); // 4 GiB - 1
        Path file = Fixtures.file(dir, "t.npy", bytes);
        assertFileError(file, () -> Npy.read(file), "header length is 4294967295 bytes", "limit");
    }

    @Test
    void refusesAVersion3HeaderThatIsNotUtf8() throws IOException {
        byte[] dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } \u00ff"
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = Fixtures.npy(dir, 3, dict, floats(A23));
        assertFileError(file, () -> Npy.read(file), "not valid UTF-8");
        // The same byte is Latin-1 in version 2.0, read and then refused as text after the dict.
        Path v2 = Fixtures.npy(dir, 2, dict, floats(A23));
        assertFileError(v2, () -> Npy.read(v2), "malformed .npy header", "expected the end of the header");
    }

    @Test
    void readsHandMadeHeadersThatNumpyAccepts() throws IOException {
        String[] dicts = {
                "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}",
                "{'shape': (2,3,), 'fortran_order': False, 'descr': '<f4'}",
                "{ 'descr' : '<f4' ,\n'fortran_order' : False ,\t'shape' : ( 2 , 3 ) , }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", // Python 2 longs
        };
        for (String dict : dicts) {
            Tensor t = Npy.read(Fixtures.npy(dir, dict, floats(A23)));
            assertArrayEquals(new int[] {2, 3}, t.shape(), dict);
            assertArrayEquals(A23, t.data(), dict);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "['descr', '<f4']| expected the header dictionary's '{'",
            "{'descr': '<f4', 'fortran_order': False}| no 'shape'",
            "{'descr': '<f4', 'shape': (2, 3)}| no 'fortran_order'",
            "{'fortran_order': False, 'shape': (2, 3)}| no 'descr'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}| unexpected key 'extra'",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}| key 'descr' twice",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}| shape must be a tuple of ints",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (6)}| which is an int",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 3)}| not an int",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}| expected ',' or ')'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,, 3)}| expected an int",
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}| must be True or False",
            "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (2, 3)}| must be True or False",
            "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}| expected ',' or '}'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} x| expected the end of the header",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)| expected ',' or '}'",
            "{'descr: '<f4', 'fortran_order': False, 'shape': (2, 3)}| expected ':'",
            "{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2, 3)}| escape sequences",
            "{descr: '<f4', 'fortran_order': False, 'shape': (2, 3)}| expected a key",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3L)}| not an int",
    })
    void refusesMalformedHeaderDictionaries(String dict, String words) throws IOException {
        // Version 3.0, where a Python 2 'L' suffix is not allowed.
        Path file = Fixtures.npy(dir, 3, dict.getBytes(StandardCharsets.UTF_8), floats(A23));
        assertFileError(file, () -> Npy.read(file), words.trim());
    }

    @Test
    void refusesNegativeDimensions() throws IOException {
        Path file = Fixtures.npy(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", new byte[0]);
        assertFileError(file, () -> Npy.read(file), "negative dimension -3");
    }

    @Test
    void refusesDimensionsAndCountsThatOverflow() throws IOException {
        Path big = Fixtures.npy(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000000000000000,), }",
                new byte[0]);
        assertFileError(big, () -> Npy.read(big), "dimension 100000000000000000000000", "larger than 2147483647");
        Path overflow = Fixtures.npy(dir,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }",
                new byte[0]);
        assertFileError(overflow, () -> Npy.read(overflow), "(2147483647, 2147483647, 2147483647)", "64 bits");
    }

    @Test
    void refusesDataShorterOrLongerThanTheShape() throws IOException {
        Path shorter = Fixtures.npy(dir, F32_2x3, Arrays.copyOf(floats(A23), 20));
        assertFileError(shorter, () -> Npy.read(shorter), "the data is 20 bytes", "(2, 3) of float32 needs 24 bytes",
                "truncated");
        Path longer = Fixtures.npy(dir, F32_2x3, Arrays.copyOf(floats(A23), 28));
        assertFileError(longer, () -> Npy.read(longer), "the data is 28 bytes", "needs 24 bytes");
    }

    @Test
    void refusesFilesOverTheSizeLimitBeforeReadingThem() throws IOException {
        Path file = Fixtures.path("f32_2x3.npy");
        assertFileError(file, () -> Npy.read(file, 151), "the file is 152 bytes", "limit of 151 bytes");
        assertEquals(6, Npy.read(file, 152).size());
        assertThrows(IllegalArgumentException.class, () -> Npy.read(file, -1));
        assertEquals(1L << 31, Npy.DEFAULT_MAX_BYTES);
    }

    @Test
    void refusesMoreElementsThanAJavaArrayHolds() throws IOException {
        // 2^31 floats: an 8 GiB file, sparse, so it costs no disk. Checked before any allocation.
        Path file = Fixtures.npy(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 32768), }",
                new byte[0]);
        long size = Files.size(file) + 4L * 65536 * 32768;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException e) {
            assumeTrue(false, "no room for a sparse 8 GiB file: " + e);
        }
        assertFileError(file, () -> Npy.read(file), "limit of 2147483648 bytes");
        assertFileError(file, () -> Npy.read(file, Long.MAX_VALUE), "(65536, 32768) holds 2147483648 elements",
                "more than a Java array");
    }

    @Test
    void theExceptionGivesTheFileAndTheProblemApart() throws IOException {
        Path file = Fixtures.npy(dir, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8]);
        JlstmFileException e = assertFileError(file, () -> Npy.read(file));
        assertEquals(file, e.file());
        assertEquals(file + ": " + e.problem(), e.getMessage());
        assertTrue(e.problem().startsWith("dtype '<f8'"), e.problem());
    }

    @Test
    void aDirectoryIsAnOrdinaryIOExceptionNamingIt() {
        IOException e = assertThrows(IOException.class, () -> Npy.read(dir));
        assertTrue(!(e instanceof JlstmFileException) && e.getMessage().contains(dir.toString()), e.toString());
    }

    @Test
    void aMissingFileIsAnOrdinaryIOExceptionNamingIt() {
        Path file = dir.resolve("missing.npy");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("missing.npy"), e.getMessage());
    }
}
