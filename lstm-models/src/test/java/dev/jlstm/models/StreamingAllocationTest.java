package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming allocates nothing per step once warm: the bytes this thread allocates over many steps,
 * read from {@link com.sun.management.ThreadMXBean}, must be zero.
 */
class StreamingAllocationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LSTM", "GRU"})
    void stepAllocatesNothingAfterWarmUp(String cell) {
        Rnn rnn = Rnn.create(RnnConfig.of(CellType.valueOf(cell), 24, 40).withLayers(2), 1);
        RnnState state = rnn.newState(3);
        float[] x = GradientCheckTest.uniform(new Random(2), 3 * 24, 1);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(bean.isThreadAllocatedMemorySupported(), "this JVM measures allocation per thread");
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm-up: C2 compiles the step and its kernels
            rnn.step(x, 0, state);
        }
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            rnn.step(x, 0, state);
        }
        long after = bean.getThreadAllocatedBytes(id);
        // Reading the counter itself allocates nothing; any allocation per step would show as >= 10000 * 16 bytes.
        assertEquals(0, after - before, "bytes allocated by 10000 " + cell + " steps");
    }
}
