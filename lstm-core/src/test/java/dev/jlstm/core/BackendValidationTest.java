package dev.jlstm.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public method of {@link Backend} rejects bad arguments with an IllegalArgumentException whose
 * message names the operation and the argument and says what was expected and what was found; and
 * zero-size calls are no-ops.
 */
class BackendValidationTest {

    private static final Backend B = Backends.scalar();

    /**
     * Asserts that {@code call} throws IllegalArgumentException whose message starts with
     * {@code prefix} (the operation and the argument, "op: arg") and contains every one of {@code parts}.
     */
    private static IllegalArgumentException rejects(Executable call, String prefix, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String msg = e.getMessage();
        assertTrue(msg != null && msg.startsWith(prefix), () -> "message '" + msg + "' should start with '" + prefix + "'");
        for (String part : parts) {
            assertTrue(msg.contains(part), () -> "message '" + msg + "' should contain '" + part + "'");
        }
        return e;
    }

    private static float[] f(int n) {
        return new float[n];
    }

    // ---- gemm ----------------------------------------------------------------------------------

    @Test
    void gemmRejectsBadSizesAndArrays() {
        // A valid call first: C[2 x 3] += A[2 x 4]·B[4 x 3].
        assertDoesNotThrow(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(12), 0, 3, f(6), 0, 3));

        rejects(() -> B.gemm(false, false, -1, 3, 4, f(8), 0, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: m", "must be >= 0", "found -1");
        rejects(() -> B.gemm(false, false, 2, -3, 4, f(8), 0, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: n", "found -3");
        rejects(() -> B.gemm(false, false, 2, 3, -4, f(8), 0, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: k", "found -4");
        // Too short: exactly one element missing. The full message, once.
        IllegalArgumentException e = rejects(() -> B.gemm(false, false, 2, 3, 4, f(7), 0, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: a");
        assertEquals("gemm: a [2 x 4, ld 4] at offset 0 needs 8 elements, found an array of 7", e.getMessage());
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(11), 0, 3, f(6), 0, 3),
                "gemm: b", "needs 12 elements", "found an array of 11");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(12), 0, 3, f(5), 0, 3),
                "gemm: c", "needs 6 elements", "found an array of 5");
        // Offsets: the last element at offset + (rows - 1)·ld + cols - 1.
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(10), 3, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: a", "at offset 3", "needs 11 elements", "found an array of 10");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(12), 0, 3, f(6), 7, 3),
                "gemm: c", "at offset 7", "found an array of 6");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), -1, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: a offset", "must be >= 0", "found -1");
        // An offset so large that int arithmetic would overflow.
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), Integer.MAX_VALUE, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: a", "needs " + (Integer.MAX_VALUE + 8L) + " elements");
        // Leading dimensions below the column count.
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(100), 0, 3, f(12), 0, 3, f(6), 0, 3),
                "gemm: a leading dimension", "must be >= 4", "found 3");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(100), 0, 2, f(6), 0, 3),
                "gemm: b leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(12), 0, 3, f(100), 0, 2),
                "gemm: c leading dimension", "must be >= 3", "found 2");
        // Transposed operands: a holds Aᵀ [k x m], b holds Bᵀ [n x k].
        rejects(() -> B.gemm(true, false, 2, 3, 4, f(100), 0, 1, f(12), 0, 3, f(6), 0, 3),
                "gemm: a leading dimension", "must be >= 2", "found 1");
        rejects(() -> B.gemm(false, true, 2, 3, 4, f(8), 0, 4, f(11), 0, 4, f(6), 0, 3),
                "gemm: b [3 x 4, ld 4]", "needs 12 elements", "found an array of 11");
        // Null arrays.
        rejects(() -> B.gemm(false, false, 2, 3, 4, null, 0, 4, f(12), 0, 3, f(6), 0, 3),
                "gemm: a is null", "expected a 2 x 4 matrix");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, null, 0, 3, f(6), 0, 3),
                "gemm: b is null", "expected a 4 x 3 matrix");
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, f(12), 0, 3, null, 0, 3),
                "gemm: c is null", "expected a 2 x 3 matrix");
    }

    @Test
    void gemmRejectsOverlapOfOutputAndInputs() {
        float[] shared = new float[40];
        Arrays.fill(shared, 1f);
        float[] before = shared.clone();
        // c (6 elements at 5) overlaps a (8 elements at 0).
        rejects(() -> B.gemm(false, false, 2, 3, 4, shared, 0, 4, f(12), 0, 3, shared, 5, 3),
                "gemm: c and a must not overlap", "offsets 5 and 0");
        // c overlaps b.
        rejects(() -> B.gemm(false, false, 2, 3, 4, f(8), 0, 4, shared, 10, 3, shared, 20, 3),
                "gemm: c and b must not overlap", "offsets 20 and 10");
        assertArrayEquals(before, shared, "a rejected call must not write");
        // Disjoint regions of one array are fine: a at 0..7, b at 8..19, c at 20..25.
        B.gemm(false, false, 2, 3, 4, shared, 0, 4, shared, 8, 3, shared, 20, 3);
        assertEquals(5f, shared[20], "1 + 4 products of 1·1");
        assertEquals(1f, shared[26], "outside C");
    }

    // ---- pack and the packed product ---------------------------------------------------------

    @Test
    void packRejectsBadArguments() {
        rejects(() -> B.pack(false, -1, 3, f(12), 0, 3), "pack: k", "must be >= 0", "found -1");
        rejects(() -> B.pack(false, 4, -3, f(12), 0, 3), "pack: n", "found -3");
        rejects(() -> B.pack(false, 4, 3, f(11), 0, 3), "pack: b", "needs 12 elements", "found an array of 11");
        rejects(() -> B.pack(true, 4, 3, f(100), 0, 3), "pack: b leading dimension", "must be >= 4", "found 3");
        rejects(() -> B.pack(false, 4, 3, null, 0, 3), "pack: b is null", "expected a 4 x 3 matrix");
        rejects(() -> B.pack(false, 4, 3, f(12), 1, 3), "pack: b", "at offset 1", "needs 13 elements");
    }

    @Test
    void packedGemmRejectsBadArguments() {
        PackedMatrix p = B.pack(false, 4, 3, f(12), 0, 3); // B [4 x 3]
        assertDoesNotThrow(() -> B.gemm(false, 2, f(8), 0, 4, p, f(6), 0, 3));

        rejects(() -> B.gemm(false, 2, f(8), 0, 4, null, f(6), 0, 3), "gemm: the packed matrix is null");
        PackedMatrix gatesOperand = B.packGates(4, 2, 4, f(32), 0, 4);
        rejects(() -> B.gemm(false, 2, f(8), 0, 4, gatesOperand, f(6), 0, 3),
                "gemm: expected a product operand from pack()", "found PackedMatrix[4 gates");
        rejects(() -> B.gemm(false, -2, f(8), 0, 4, p, f(6), 0, 3), "gemm: m", "found -2");
        // k and n come from the packed matrix.
        rejects(() -> B.gemm(false, 2, f(7), 0, 4, p, f(6), 0, 3), "gemm: a", "needs 8 elements", "found an array of 7");
        rejects(() -> B.gemm(true, 2, f(100), 0, 1, p, f(6), 0, 3), "gemm: a leading dimension", "must be >= 2");
        rejects(() -> B.gemm(false, 2, f(8), 0, 4, p, f(5), 0, 3), "gemm: c", "needs 6 elements");
        rejects(() -> B.gemm(false, 2, f(8), 0, 4, p, null, 0, 3), "gemm: c is null");
        float[] shared = new float[20];
        rejects(() -> B.gemm(false, 2, shared, 0, 4, p, shared, 4, 3), "gemm: c and a must not overlap");
    }

    @Test
    void packGatesRejectsBadArguments() {
        IllegalArgumentException e = rejects(() -> B.packGates(5, 2, 3, f(30), 0, 3), "packGates: gates");
        assertEquals("packGates: gates must be 4 (LSTM) or 3 (GRU), found 5", e.getMessage());
        rejects(() -> B.packGates(4, 0, 3, f(30), 0, 3), "packGates: hidden", "must be > 0", "found 0");
        rejects(() -> B.packGates(4, 2, -3, f(30), 0, 3), "packGates: k", "must be >= 0", "found -3");
        rejects(() -> B.packGates(4, 2, 3, f(23), 0, 3), "packGates: w [8 x 3, ld 3]", "needs 24 elements",
                "found an array of 23");
        rejects(() -> B.packGates(3, 2, 3, f(30), 0, 2), "packGates: w leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.packGates(3, 2, 3, null, 0, 3), "packGates: w is null", "expected a 6 x 3 matrix");
    }

    // ---- LSTM ----------------------------------------------------------------------------------

    /** A valid lstmStep for batch 2, H = 3, K = 4 whose arguments the tests below spoil one at a time. */
    private static final int H = 3;
    private static final int K = 4;
    private static final PackedMatrix LSTM_W = B.packGates(4, H, K, f(4 * H * K), 0, K);

    @Test
    void lstmStepRejectsBadArguments() {
        assertDoesNotThrow(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, f(24), 0, 12, f(6), 0, f(6), 0, f(6), 0, H, f(24), 0));
        // Exact lengths with offsets and ld > cols: in [2 x 4, ld 6] at 1 needs 1 + 6 + 4 = 11.
        assertDoesNotThrow(() -> B.lstmStep(2, LSTM_W, f(11), 1, 6, f(12), 0, 0, f(8), 2, f(6), 0, f(9), 1, 5, null, 0));

        rejects(() -> B.lstmStep(2, null, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: the packed matrix is null");
        PackedMatrix gru = B.packGates(3, H, K, f(3 * H * K), 0, K);
        rejects(() -> B.lstmStep(2, gru, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: expected a 4-gate operand from packGates(4, ...)", "found PackedMatrix[3 gates");
        PackedMatrix product = B.pack(false, K, 4 * H, f(4 * H * K), 0, 4 * H);
        rejects(() -> B.lstmStep(2, product, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: expected a 4-gate operand", "found PackedMatrix[product");
        rejects(() -> B.lstmStep(-1, LSTM_W, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: batch", "must be >= 0", "found -1");
        rejects(() -> B.lstmStep(2, LSTM_W, f(7), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: in [2 x 4, ld 4]", "needs 8 elements", "found an array of 7");
        rejects(() -> B.lstmStep(2, LSTM_W, f(100), 0, 3, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: in leading dimension", "must be >= 4", "found 3");
        rejects(() -> B.lstmStep(2, LSTM_W, null, 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: in is null");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, f(23), 0, 12, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: pre [2 x 12, ld 12]", "needs 24 elements", "found an array of 23");
        // ldPre = 0 broadcasts one row: 12 elements are enough for any batch, 11 are not.
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, f(11), 0, 0, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: pre [1 x 12", "needs 12 elements", "found an array of 11");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, f(100), 0, 11, f(6), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: pre leading dimension", "must be >= 12", "found 11");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, f(5), 0, f(6), 0, f(6), 0, H, null, 0),
                "lstmStep: cPrev", "needs 6 elements", "found an array of 5");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 1, f(6), 0, H, null, 0),
                "lstmStep: c ", "at offset 1", "needs 7 elements");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(100), 0, 2, null, 0),
                "lstmStep: h leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, null, 0, H, null, 0),
                "lstmStep: h is null", "expected a 2 x 3 matrix");
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, f(6), 0, f(6), 0, f(6), 0, H, f(23), 0),
                "lstmStep: gates [2 x 12, ld 12]", "needs 24 elements", "found an array of 23");
    }

    @Test
    void lstmStepRejectsForbiddenOverlap() {
        float[] shared = new float[30];
        // h [2 x 3] at 6 overlaps in [2 x 4] at 0..7.
        rejects(() -> B.lstmStep(2, LSTM_W, shared, 0, K, null, 0, 0, f(6), 0, f(6), 0, shared, 6, H, null, 0),
                "lstmStep: h and in must not overlap", "offsets 6 and 0");
        // c at 2 overlaps cPrev at 0 in the same array (only the same offset is allowed).
        float[] cells = new float[12];
        rejects(() -> B.lstmStep(2, LSTM_W, f(8), 0, K, null, 0, 0, cells, 0, cells, 2, f(6), 0, H, null, 0),
                "lstmStep: c and cPrev must not overlap");
        // Allowed: c == cPrev in place; h right after in in one array.
        assertDoesNotThrow(() -> B.lstmStep(2, LSTM_W, shared, 0, K, null, 0, 0, cells, 0, cells, 0, shared, 8, H, null, 0));
    }

    @Test
    void lstmStepBackwardRejectsBadArguments() {
        // batch 2, H 3: gates/dGates [2 x 12], cPrev/c/dc [2 x 3], dh [2 x 3, ld 4].
        assertDoesNotThrow(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 0, f(24), 0));

        rejects(() -> B.lstmStepBackward(-2, H, f(24), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: batch", "found -2");
        rejects(() -> B.lstmStepBackward(2, 0, f(24), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: hidden", "must be > 0", "found 0");
        rejects(() -> B.lstmStepBackward(2, H, f(23), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: gates", "needs 24 elements", "found an array of 23");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, null, 0, f(6), 0, f(7), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: cPrev is null");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), -1, f(7), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: c offset", "found -1");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), 0, f(100), 0, 2, f(6), 0, f(24), 0),
                "lstmStepBackward: dh leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), 0, f(6), 0, 4, f(6), 0, f(24), 0),
                "lstmStepBackward: dh [2 x 3, ld 4]", "needs 7 elements", "found an array of 6");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 1, f(24), 0),
                "lstmStepBackward: dc", "at offset 1", "needs 7 elements");
        rejects(() -> B.lstmStepBackward(2, H, f(24), 0, f(6), 0, f(6), 0, f(7), 0, 4, f(6), 0, f(20), 0),
                "lstmStepBackward: dGates", "needs 24 elements", "found an array of 20");
    }

    // ---- GRU -----------------------------------------------------------------------------------

    private static final PackedMatrix GRU_W = B.packGates(3, H, H, f(3 * H * H), 0, H);

    @Test
    void gruStepRejectsBadArguments() {
        // batch 2, H 3: hPrev/h [2 x 3], pre [2 x 9], bias [9], gates [2 x 12].
        assertDoesNotThrow(() -> B.gruStep(2, GRU_W, f(6), 0, H, f(18), 0, 9, f(9), 0, f(6), 0, H, f(24), 0));
        assertDoesNotThrow(() -> B.gruStep(2, GRU_W, f(6), 0, H, f(9), 0, 0, null, 0, f(6), 0, H, null, 0));

        rejects(() -> B.gruStep(2, null, f(6), 0, H, null, 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: the packed matrix is null");
        rejects(() -> B.gruStep(2, LSTM_W, f(6), 0, H, null, 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: expected a 3-gate operand from packGates(3, ...)", "found PackedMatrix[4 gates");
        PackedMatrix notSquare = B.packGates(3, H, H + 2, f(3 * H * (H + 2)), 0, H + 2);
        IllegalArgumentException e = rejects(
                () -> B.gruStep(2, notSquare, f(10), 0, H + 2, null, 0, 0, null, 0, f(6), 0, H, null, 0), "gruStep: w");
        assertEquals("gruStep: w must be the recurrent weight [3H x H] with H = 3, found k = 5", e.getMessage());
        rejects(() -> B.gruStep(-1, GRU_W, f(6), 0, H, null, 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: batch", "found -1");
        rejects(() -> B.gruStep(2, GRU_W, f(5), 0, H, null, 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: hPrev", "needs 6 elements", "found an array of 5");
        rejects(() -> B.gruStep(2, GRU_W, f(100), 0, 2, null, 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: hPrev leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.gruStep(2, GRU_W, f(6), 0, H, f(17), 0, 9, null, 0, f(6), 0, H, null, 0),
                "gruStep: pre [2 x 9, ld 9]", "needs 18 elements", "found an array of 17");
        rejects(() -> B.gruStep(2, GRU_W, f(6), 0, H, f(8), 0, 0, null, 0, f(6), 0, H, null, 0),
                "gruStep: pre [1 x 9", "needs 9 elements", "found an array of 8");
        rejects(() -> B.gruStep(2, GRU_W, f(6), 0, H, null, 0, 0, f(9), 1, f(6), 0, H, null, 0),
                "gruStep: bias", "at offset 1", "needs 10 elements", "found an array of 9");
        rejects(() -> B.gruStep(2, GRU_W, f(6), 0, H, null, 0, 0, null, 0, f(6), 0, 2, null, 0),
                "gruStep: h leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.gruStep(2, GRU_W, f(6), 0, H, null, 0, 0, null, 0, f(6), 0, H, f(23), 0),
                "gruStep: gates [2 x 12, ld 12]", "needs 24 elements", "found an array of 23");
        // h overlapping hPrev.
        float[] shared = new float[20];
        rejects(() -> B.gruStep(2, GRU_W, shared, 0, H, null, 0, 0, null, 0, shared, 3, H, null, 0),
                "gruStep: h and hPrev must not overlap", "offsets 3 and 0");
        assertDoesNotThrow(() -> B.gruStep(2, GRU_W, shared, 0, H, null, 0, 0, null, 0, shared, 6, H, null, 0));
    }

    @Test
    void gruStepBackwardRejectsBadArguments() {
        // batch 2, H 3: gates [2 x 12], hPrev [2 x 3, ld 5], dh [2 x 3], dPre/dRec [2 x 9], dhPrev [2 x 3].
        assertDoesNotThrow(() -> B.gruStepBackward(2, H, f(24), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 0));

        rejects(() -> B.gruStepBackward(-1, H, f(24), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 0),
                "gruStepBackward: batch", "found -1");
        rejects(() -> B.gruStepBackward(2, -3, f(24), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 0),
                "gruStepBackward: hidden", "must be > 0", "found -3");
        rejects(() -> B.gruStepBackward(2, H, f(23), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 0),
                "gruStepBackward: gates [2 x 12, ld 12]", "needs 24 elements");
        rejects(() -> B.gruStepBackward(2, H, f(24), 0, f(7), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 0),
                "gruStepBackward: hPrev [2 x 3, ld 5]", "needs 8 elements", "found an array of 7");
        rejects(() -> B.gruStepBackward(2, H, f(24), 0, f(8), 0, 5, f(100), 0, 1, f(18), 0, f(18), 0, f(6), 0),
                "gruStepBackward: dh leading dimension", "must be >= 3", "found 1");
        rejects(() -> B.gruStepBackward(2, H, f(24), 0, f(8), 0, 5, f(6), 0, H, f(17), 0, f(18), 0, f(6), 0),
                "gruStepBackward: dPre", "needs 18 elements", "found an array of 17");
        rejects(() -> B.gruStepBackward(2, H, f(24), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, null, 0, f(6), 0),
                "gruStepBackward: dRec is null", "expected a 2 x 9 matrix");
        rejects(() -> B.gruStepBackward(2, H, f(24), 0, f(8), 0, 5, f(6), 0, H, f(18), 0, f(18), 0, f(6), 2),
                "gruStepBackward: dhPrev", "at offset 2", "needs 8 elements");
    }

    // ---- vector and row operations -----------------------------------------------------------

    @Test
    void vectorOperationsRejectBadArguments() {
        rejects(() -> B.axpy(-1, 1f, f(3), 0, f(3), 0), "axpy: n", "must be >= 0", "found -1");
        IllegalArgumentException e = rejects(() -> B.axpy(3, 1f, f(5), 3, f(3), 0), "axpy: x");
        assertEquals("axpy: x [1 x 3, ld 3] at offset 3 needs 6 elements, found an array of 5", e.getMessage());
        rejects(() -> B.axpy(3, 1f, f(3), 0, null, 0), "axpy: y is null");
        rejects(() -> B.axpy(3, 1f, f(3), 0, f(3), -1), "axpy: y offset", "found -1");

        rejects(() -> B.scale(-2, 1f, f(3), 0), "scale: n", "found -2");
        rejects(() -> B.scale(3, 1f, f(3), 1), "scale: x", "needs 4 elements", "found an array of 3");
        rejects(() -> B.scale(3, 1f, null, 0), "scale: x is null");

        rejects(() -> B.dot(-1, f(3), 0, f(3), 0), "dot: n", "found -1");
        rejects(() -> B.dot(3, f(3), 0, f(2), 0), "dot: y", "needs 3 elements", "found an array of 2");
        rejects(() -> B.dot(3, null, 0, f(3), 0), "dot: x is null");

        rejects(() -> B.sumOfSquares(-1, f(3), 0), "sumOfSquares: n", "found -1");
        rejects(() -> B.sumOfSquares(3, f(3), 10), "sumOfSquares: x", "at offset 10", "needs 13 elements");
        rejects(() -> B.sumOfSquares(3, null, 0), "sumOfSquares: x is null");
    }

    @Test
    void rowOperationsRejectBadArguments() {
        rejects(() -> B.fillRows(-1, 3, f(3), 0, f(9), 0, 3), "fillRows: m", "found -1");
        rejects(() -> B.fillRows(3, -3, f(3), 0, f(9), 0, 3), "fillRows: n", "found -3");
        rejects(() -> B.fillRows(3, 3, f(2), 0, f(9), 0, 3), "fillRows: row", "needs 3 elements", "found an array of 2");
        rejects(() -> B.fillRows(3, 3, f(3), 0, f(100), 0, 2), "fillRows: c leading dimension", "must be >= 3", "found 2");
        rejects(() -> B.fillRows(3, 3, f(3), 0, f(9), 1, 3), "fillRows: c", "needs 10 elements");
        rejects(() -> B.fillRows(3, 3, f(3), 0, null, 0, 3), "fillRows: c is null");

        rejects(() -> B.sumRows(-1, 3, f(9), 0, 3, f(3), 0), "sumRows: m", "found -1");
        rejects(() -> B.sumRows(3, -1, f(9), 0, 3, f(3), 0), "sumRows: n", "found -1");
        rejects(() -> B.sumRows(3, 3, f(8), 0, 3, f(3), 0), "sumRows: a", "needs 9 elements", "found an array of 8");
        rejects(() -> B.sumRows(3, 3, f(100), 0, 1, f(3), 0), "sumRows: a leading dimension", "must be >= 3");
        rejects(() -> B.sumRows(3, 3, f(9), 0, 3, f(3), 2), "sumRows: out", "at offset 2", "needs 5 elements");
        rejects(() -> B.sumRows(3, 3, f(9), 0, 3, null, 0), "sumRows: out is null");
    }

    @Test
    void elementwiseOperationsRejectBadArgumentsAndPartialOverlap() {
        for (String op : new String[] {"sigmoid", "tanh"}) {
            Elementwise call = op.equals("sigmoid") ? B::sigmoid : B::tanh;
            rejects(() -> call.apply(-1, f(3), 0, f(3), 0), op + ": n", "found -1");
            rejects(() -> call.apply(3, f(2), 0, f(3), 0), op + ": x", "needs 3 elements", "found an array of 2");
            rejects(() -> call.apply(3, f(3), 0, f(5), 3), op + ": y", "at offset 3", "needs 6 elements");
            rejects(() -> call.apply(3, f(3), 0, null, 0), op + ": y is null");
            float[] shared = new float[10];
            rejects(() -> call.apply(3, shared, 0, shared, 1), op + ": y and x must not overlap", "offsets 1 and 0");
            assertDoesNotThrow(() -> call.apply(3, shared, 0, shared, 0));
            assertDoesNotThrow(() -> call.apply(3, shared, 0, shared, 3));
        }
    }

    @Test
    void softmaxRejectsBadArgumentsAndPartialOverlap() {
        for (String op : new String[] {"softmax", "logSoftmax"}) {
            Rows call = op.equals("softmax") ? B::softmax : B::logSoftmax;
            assertDoesNotThrow(() -> call.apply(2, 3, f(6), 0, 3, f(6), 0, 3));
            rejects(() -> call.apply(-1, 3, f(6), 0, 3, f(6), 0, 3), op + ": m", "found -1");
            rejects(() -> call.apply(2, -3, f(6), 0, 3, f(6), 0, 3), op + ": n", "found -3");
            rejects(() -> call.apply(2, 3, f(5), 0, 3, f(6), 0, 3), op + ": x", "needs 6 elements", "found an array of 5");
            rejects(() -> call.apply(2, 3, f(100), 0, 2, f(6), 0, 3), op + ": x leading dimension", "must be >= 3");
            rejects(() -> call.apply(2, 3, f(6), 0, 3, f(6), 1, 3), op + ": y", "at offset 1", "needs 7 elements");
            rejects(() -> call.apply(2, 3, f(6), 0, 3, null, 0, 3), op + ": y is null");
            float[] shared = new float[20];
            rejects(() -> call.apply(2, 3, shared, 0, 3, shared, 2, 3), op + ": y and x must not overlap");
            // Same array and offset but a different leading dimension is a partial overlap too.
            rejects(() -> call.apply(2, 3, shared, 0, 3, shared, 0, 4), op + ": y and x must not overlap");
            assertDoesNotThrow(() -> call.apply(2, 3, shared, 0, 4, shared, 0, 4));
            assertDoesNotThrow(() -> call.apply(2, 3, shared, 0, 3, shared, 6, 3));
        }
    }

    @FunctionalInterface
    private interface Elementwise {
        void apply(int n, float[] x, int xOff, float[] y, int yOff);
    }

    @FunctionalInterface
    private interface Rows {
        void apply(int m, int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);
    }

    // ---- zero sizes ----------------------------------------------------------------------------

    /**
     * "Empty matrices need no array" (Checks.matrix): a call whose output is empty, or whose product
     * has no terms, takes null arrays and any offsets and does nothing.
     */
    @Test
    void zeroSizeCallsAreNoOps() {
        assertDoesNotThrow(() -> B.gemm(false, false, 0, 3, 4, null, 0, 0, f(12), 0, 3, null, 0, 0));
        assertDoesNotThrow(() -> B.gemm(true, true, 2, 0, 4, f(8), 0, 2, null, 0, 0, null, 0, 0));
        // k = 0: C += (nothing); C must keep its values.
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        B.gemm(false, false, 2, 3, 0, null, 0, 0, null, 0, 0, c, 0, 3);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c);
        PackedMatrix empty = B.pack(false, 0, 3, null, 0, 0);
        assertEquals(0, empty.k());
        B.gemm(false, 2, null, 0, 0, empty, c, 0, 3);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c);
        assertDoesNotThrow(() -> B.gemm(false, 0, null, 0, 0, B.pack(true, 3, 0, null, 0, 0), null, 0, 0));

        assertDoesNotThrow(() -> B.lstmStep(0, LSTM_W, null, 0, 0, null, 0, 0, null, 0, null, 0, null, 0, 0, null, 0));
        assertDoesNotThrow(() -> B.lstmStepBackward(0, H, null, 0, null, 0, null, 0, null, 0, 0, null, 0, null, 0));
        assertDoesNotThrow(() -> B.gruStep(0, GRU_W, null, 0, 0, null, 0, 0, null, 0, null, 0, 0, null, 0));
        assertDoesNotThrow(() -> B.gruStepBackward(0, H, null, 0, null, 0, 0, null, 0, 0, null, 0, null, 0, null, 0));

        assertDoesNotThrow(() -> B.axpy(0, 1f, null, 0, null, 5));
        assertDoesNotThrow(() -> B.scale(0, 1f, null, 0));
        assertEquals(0f, B.dot(0, null, 0, null, 0));
        assertEquals(0f, B.sumOfSquares(0, null, 7));
        assertDoesNotThrow(() -> B.fillRows(0, 3, f(3), 0, null, 0, 0));
        assertDoesNotThrow(() -> B.sumRows(0, 3, null, 0, 0, f(3), 0));
        assertDoesNotThrow(() -> B.sumRows(3, 0, null, 0, 0, null, 0));
        assertDoesNotThrow(() -> B.sigmoid(0, null, 0, null, 0));
        assertDoesNotThrow(() -> B.tanh(0, null, 0, null, 0));
        assertDoesNotThrow(() -> B.softmax(0, 3, null, 0, 0, null, 0, 0));
        assertDoesNotThrow(() -> B.logSoftmax(3, 0, null, 0, 0, null, 0, 0));
    }

    /** fillRows with rows of zero length: an empty C needs no array (fails today, see the report). */
    @Test
    void fillRowsWithEmptyRowsIsANoOp() {
        assertAll(
                () -> assertDoesNotThrow(() -> B.fillRows(2, 0, null, 0, null, 0, 0), "null arrays"),
                () -> assertDoesNotThrow(() -> B.fillRows(2, 0, f(1), 0, f(1), 5, 4), "offsets past the end"));
    }

    /**
     * packGates with k = 0 (an LSTM driven by {@code pre} alone) is accepted by the checks, which let
     * an empty w be null; packing it must not fail with anything else (fails today, see the report).
     */
    @Test
    void packGatesWithNoInputsTakesNoArray() {
        PackedMatrix p = assertDoesNotThrow(() -> B.packGates(4, 2, 0, null, 0, 0));
        assertEquals(0, p.k());
        assertEquals(8, p.n());
    }

    @Test
    void unitRangesMustLieWithinTheHiddenUnits() {
        for (int[] range : new int[][] {{-1, 2}, {2, 1}, {0, H + 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> B.lstmStepUnits(range[0], range[1], 1, LSTM_W, f(K), 0, K, null, 0, 0, f(H), 0, f(H), 0,
                            f(H), 0, H, null, 0));
            assertTrue(e.getMessage().contains("lstmStep: the unit range [" + range[0] + ", " + range[1]
                    + ") must lie within [0, " + H + ")"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> B.gruStepUnits(range[0], range[1], 1, GRU_W, f(H), 0, H, null, 0, 0, null, 0, f(H), 0, H,
                            null, 0));
            assertTrue(e.getMessage().contains("gruStep: the unit range"), e.getMessage());
        }
        float[] h = f(H);
        float[] before = h.clone();
        B.lstmStepUnits(1, 1, 1, LSTM_W, f(K), 0, K, null, 0, 0, f(H), 0, f(H), 0, h, 0, H, null, 0);
        assertArrayEquals(before, h, "an empty range writes nothing");
    }
}
