package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streaming allocates nothing per step once warm: the bytes this thread allocates over many steps,
 * read from {@link com.sun.management.ThreadMXBean}, must be zero.
 */
class StreamingAllocationTest {

    /** Hidden 40 runs each step on one thread; 512 shares it between two. */
    @ParameterizedTest(name = "{0} H={1}")
    @CsvSource({"LSTM, 40", "GRU, 40", "LSTM, 512", "GRU, 512"})
    void stepAllocatesNothingAfterWarmUp(String cell, int hidden) {
        Rnn rnn = Rnn.create(RnnConfig.of(CellType.valueOf(cell), 24, hidden).withLayers(2), 1);
        rnn.setThreads(2);
        RnnState state = rnn.newState(3);
        float[] x = GradientCheckTest.uniform(new Random(2), 3 * 24, 1);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(bean.isThreadAllocatedMemorySupported(), "this JVM measures allocation per thread");
        long id = Thread.currentThread().getId();
        int warm = hidden > 100 ? 4_000 : 20_000;
        for (int i = 0; i < warm; i++) { // warm-up: C2 compiles the step and its kernels
            rnn.step(x, 0, state);
        }
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < 2_000; i++) {
            rnn.step(x, 0, state);
        }
        long after = bean.getThreadAllocatedBytes(id);
        // Reading the counter itself allocates nothing; any allocation per step would show as >= 2000 * 16 bytes.
        assertEquals(0, after - before, "bytes allocated by 2000 " + cell + " steps");
    }
}
