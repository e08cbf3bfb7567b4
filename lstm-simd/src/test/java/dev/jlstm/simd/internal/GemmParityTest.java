package dev.jlstm.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import dev.jlstm.core.PackedMatrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector products against the scalar ones, over shapes that hit every tail of the micro-kernel
 * (rows past a multiple of 6, columns past a multiple of 2 lanes, blocks of depth 256) with offsets
 * and leading dimensions that are not the obvious ones.
 *
 * <p>Tolerance: a float sum of {@code k} products plus the start value differs from the exact value
 * by at most {@code (k + 1) u (sum |a b| + |c0|)} in any order of summation ({@code u = 2^-24}, the
 * unit roundoff; Higham, Accuracy and Stability of Numerical Algorithms, 3.1), so two backends differ
 * by at most twice that. A wrong index or a missed tail differs by the size of the values themselves.
 */
class GemmParityTest {
    static final Backend SCALAR = Backends.scalar();
    static final Backend VECTOR = Backends.byName("vector");
    static final double U = 0x1p-24;
    static final int[] SIZES = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 255, 257};

    static List<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int s : SIZES) {
            shapes.add(Arguments.of(s, s, s));
            shapes.add(Arguments.of(s, 17, 33));
            shapes.add(Arguments.of(33, s, 9));
            shapes.add(Arguments.of(7, 65, s));
        }
        shapes.add(Arguments.of(100, 40, 300));
        shapes.add(Arguments.of(4, 1000, 3));
        shapes.add(Arguments.of(300, 5, 2));
        shapes.add(Arguments.of(13, 96, 270));
        shapes.add(Arguments.of(97, 130, 513));
        return shapes;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void gemmMatchesScalar(int m, int n, int k) {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                compare(m, n, k, transA, transB, false, 31L * m + 7L * n + k);
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void packedGemmMatchesScalar(int m, int n, int k) {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                compare(m, n, k, transA, transB, true, 17L * m + 5L * n + k);
            }
        }
    }

    private static void compare(int m, int n, int k, boolean transA, boolean transB, boolean packed, long seed) {
        Rand rand = new Rand(seed);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int aOff = 3, lda = aCols + 5;
        int bOff = 1, ldb = bCols + 2;
        int cOff = 7, ldc = n + 3;
        float[] a = rand.floats(aOff + aRows * lda + 4, 1f);
        float[] b = rand.floats(bOff + bRows * ldb + 4, 1f);
        float[] c0 = rand.floats(cOff + m * ldc + 4, 1f);
        float[] cs = c0.clone();
        float[] cv = c0.clone();
        if (packed) {
            PackedMatrix ps = SCALAR.pack(transB, k, n, b, bOff, ldb);
            PackedMatrix pv = VECTOR.pack(transB, k, n, b, bOff, ldb);
            SCALAR.gemm(transA, m, a, aOff, lda, ps, cs, cOff, ldc);
            VECTOR.gemm(transA, m, a, aOff, lda, pv, cv, cOff, ldc);
        } else {
            SCALAR.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, cs, cOff, ldc);
            VECTOR.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, cv, cOff, ldc);
        }
        String what = (packed ? "packed " : "") + "gemm(transA=" + transA + ", transB=" + transB + ", m=" + m
                + ", n=" + n + ", k=" + k + ")";
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cOff;
            int i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                assertEquals(c0[idx], cv[idx], what + ": element " + idx + " outside C was changed");
                continue;
            }
            double absSum = Math.abs(c0[idx]);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                absSum += Math.abs((double) av * bv);
            }
            double bound = 2 * (k + 1) * U * absSum;
            if (Math.abs((double) cv[idx] - cs[idx]) > bound) {
                fail(what + ": C(" + i + ", " + j + ") vector " + cv[idx] + " scalar " + cs[idx] + ", allowed difference " + bound);
            }
        }
    }
}
