package dev.jlstm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlstm.core.internal.ScalarBackend;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Backend selection with lstm-core alone on the module path: no provider is installed, so the scalar
 * backend is the only one. The selection property is only read, never set: {@link Backends#get()}
 * reads it once per JVM.
 */
class BackendsTest {

    @Test
    void getIsTheScalarBackendWhenNoOtherIsInstalled() {
        Backend chosen = Backends.get();
        assertSame(chosen, Backends.get(), "get() returns the same instance every time");
        String forced = System.getProperty(Backends.PROPERTY);
        if (forced == null || forced.isBlank()) {
            assertSame(Backends.scalar(), chosen);
        } else {
            // Run with -Djlstm.backend=NAME: then that backend (only "scalar" can exist here).
            assertEquals(forced.trim().toLowerCase(Locale.ROOT), chosen.name());
        }
    }

    @Test
    void scalarIsOneInstanceNamedScalar() {
        Backend s = Backends.scalar();
        assertEquals("scalar", s.name());
        assertEquals(Float.SIZE, s.vectorBits(), "the scalar backend computes one float at a time");
        assertSame(s, Backends.scalar());
        assertSame(s, Backends.byName("scalar"));
        assertSame(s, Backends.byName("scalar"));
        assertTrue(s instanceof ScalarBackend, () -> "scalar() is " + s.getClass());
    }

    @Test
    void unknownNameIsRejectedListingTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("nosuch"));
        String msg = e.getMessage();
        assertTrue(msg.contains("'nosuch'"), () -> "names the unknown backend: " + msg);
        assertTrue(msg.contains("known: scalar"), () -> "lists the known names: " + msg);
    }

    @Test
    void vectorIsUnknownWithoutTheSimdModuleAndSaysWhereToFindIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("vector"));
        String msg = e.getMessage();
        assertTrue(msg.contains("'vector'"), () -> "names the backend: " + msg);
        assertTrue(msg.contains("scalar"), () -> "lists the known names: " + msg);
        assertTrue(msg.contains("dev.jlstm.simd"), () -> "hints at the module that provides it: " + msg);
    }

    @Test
    void packedMatrixIsRefusedByAnotherBackendInstance() {
        Backend owner = Backends.scalar();
        Backend other = new ScalarBackend();
        assertNotSame(owner, other);

        PackedMatrix product = owner.pack(false, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, 0, 3);
        assertSame(owner, product.backend());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.gemm(false, 1, new float[] {1, 1}, 0, 2, product, new float[3], 0, 3));
        assertTrue(e.getMessage().startsWith("gemm: "), e.getMessage());
        assertTrue(e.getMessage().contains("packed by another backend"), e.getMessage());
        assertTrue(e.getMessage().contains(product.toString()), () -> "names the operand: " + e.getMessage());

        // Its own backend takes it: C [1 x 3] += [1 1]·B = [5 7 9].
        float[] c = new float[3];
        owner.gemm(false, 1, new float[] {1, 1}, 0, 2, product, c, 0, 3);
        assertArrayEquals(new float[] {5, 7, 9}, c);

        PackedMatrix lstm = owner.packGates(4, 1, 1, new float[4], 0, 1);
        IllegalArgumentException le = assertThrows(IllegalArgumentException.class,
                () -> other.lstmStep(1, lstm, new float[1], 0, 1, null, 0, 0, new float[1], 0, new float[1], 0,
                        new float[1], 0, 1, null, 0));
        assertTrue(le.getMessage().startsWith("lstmStep: ") && le.getMessage().contains("packed by another backend"),
                le.getMessage());

        PackedMatrix gru = owner.packGates(3, 1, 1, new float[3], 0, 1);
        IllegalArgumentException ge = assertThrows(IllegalArgumentException.class,
                () -> other.gruStep(1, gru, new float[1], 0, 1, null, 0, 0, null, 0, new float[1], 0, 1, null, 0));
        assertTrue(ge.getMessage().startsWith("gruStep: ") && ge.getMessage().contains("packed by another backend"),
                ge.getMessage());
    }
}
