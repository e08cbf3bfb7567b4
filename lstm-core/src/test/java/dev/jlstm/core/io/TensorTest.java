package dev.jlstm.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void holdsShapeAndDataRowMajor() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = new Tensor(new int[] {2, 3}, data);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(2, t.rank());
        assertEquals(2, t.dim(0));
        assertEquals(3, t.dim(1));
        assertEquals(6, t.size());
        assertSame(data, t.data(), "data() is the live array, not a copy");
    }

    @Test
    void shapeIsCopiedInAndOut() {
        int[] shape = {2, 3};
        Tensor t = new Tensor(shape, new float[6]);
        shape[0] = 7;
        t.shape()[1] = 9;
        assertArrayEquals(new int[] {2, 3}, t.shape());
    }

    @Test
    void scalarAndEmptyShapes() {
        Tensor scalar = new Tensor(new int[0], new float[] {4f});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        Tensor empty = Tensor.zeros(3, 0, 5);
        assertEquals(0, empty.size());
        assertArrayEquals(new int[] {3, 0, 5}, empty.shape());
        assertEquals(0, Tensor.zeros(Integer.MAX_VALUE, 0, Integer.MAX_VALUE).size(),
                "a zero dimension makes the count 0 however large the others are");
    }

    @Test
    void zerosIsFilledWithZeros() {
        Tensor z = Tensor.zeros(4, 2);
        assertArrayEquals(new float[8], z.data());
        assertEquals(1, Tensor.zeros().size(), "zeros() is a scalar");
    }

    @Test
    void rejectsDataOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(new int[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("[2, 3] holds 6 elements, found a data array of 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[0], new float[0]));
    }

    @Test
    void rejectsNegativeAndOverflowingShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(new int[] {2, -3}, new float[6]));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 32768));
        assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new Tensor(null, new float[1]));
        assertThrows(NullPointerException.class, () -> new Tensor(new int[0], null));
    }

    @Test
    void dimChecksTheAxis() {
        Tensor t = Tensor.zeros(2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> t.dim(2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.dim(-1));
    }

    @Test
    void equalsComparesShapeAndElements() {
        Tensor a = new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, Float.NaN});
        Tensor b = new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, Float.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Tensor(new int[] {4}, new float[] {1, 2, 3, Float.NaN}), "same data, other shape");
        assertNotEquals(new Tensor(new int[] {1}, new float[] {0f}), new Tensor(new int[] {1}, new float[] {-0f}));
        assertNotEquals(a, "a string");
    }

    @Test
    void toStringShowsTheShapeNotTheData() {
        assertEquals("Tensor[shape=[2, 3]]", Tensor.zeros(2, 3).toString());
        assertEquals("Tensor[shape=[]]", Tensor.zeros().toString());
    }
}
