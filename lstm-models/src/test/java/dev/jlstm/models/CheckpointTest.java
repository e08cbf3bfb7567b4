package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jlstm.core.io.JlstmFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: a round trip resumes bit-identically; every truncation and a flipped bit are refused. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private static Map<String, Parameter> named(Rnn rnn, Dense head) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        rnn.parameters().forEach(p -> m.put("rnn." + p.name(), p));
        head.parameters().forEach(p -> m.put("head." + p.name(), p));
        return m;
    }

    /** One Adam step on a fixed regression batch. */
    private static void trainStep(Rnn rnn, Dense head, Adam adam, float[] x) {
        rnn.zeroGrad();
        head.parameters().forEach(Parameter::zeroGrad);
        RnnTrace trace = rnn.forwardForTraining(x, 4, 2, null, null, null);
        float[] last = Sequences.lastSteps(trace.output().output(), 4, 2, 8, null);
        float[] y = head.forward(last, 2);
        float[] dy = new float[2];
        Losses.meanSquaredError(y, new float[] {1, -1}, dy);
        trace.backward(Sequences.scatterLastSteps(head.backward(last, 2, dy), 4, 2, 8, null), null, null);
        adam.step();
    }

    @Test
    void saveLoadResumesBitIdentically() throws IOException {
        RnnConfig cfg = RnnConfig.gru(3, 8).withLayers(2);
        float[] x = GradientCheckTest.uniform(new Random(1), 4 * 2 * 3, 1);
        Rnn rnn = Rnn.create(cfg, 5);
        Dense head = Dense.create(8, 1, 6);
        Map<String, Parameter> params = named(rnn, head);
        Adam adam = new Adam(List.copyOf(params.values()), 0.01);
        for (int i = 0; i < 3; i++) {
            trainStep(rnn, head, adam, x);
        }
        Path file = tmp.resolve("ck.safetensors");
        Checkpoint.save(file, cfg.toMap(), params, adam, 3);
        for (int i = 0; i < 2; i++) {
            trainStep(rnn, head, adam, x);
        }

        Checkpoint ck = Checkpoint.load(file);
        assertEquals(3, ck.step());
        RnnConfig restoredCfg = RnnConfig.fromMap(ck.config());
        assertEquals(cfg, restoredCfg);
        Rnn rnn2 = Rnn.create(restoredCfg, 99);
        Dense head2 = Dense.create(8, 1, 98);
        Map<String, Parameter> params2 = named(rnn2, head2);
        Adam adam2 = new Adam(List.copyOf(params2.values()), 0.01);
        ck.restoreParameters(params2);
        ck.restoreOptimizer(adam2);
        assertEquals(3, adam2.steps());
        for (int i = 0; i < 2; i++) {
            trainStep(rnn2, head2, adam2, x);
        }
        for (String name : params.keySet()) {
            assertArrayEquals(params.get(name).value(), params2.get(name).value(), name + " after resuming");
        }
    }

    @Test
    void truncatedOrCorruptedCheckpointsAreRefused() throws IOException {
        Rnn rnn = Rnn.create(RnnConfig.lstm(2, 3), 1);
        Map<String, Parameter> params = new LinkedHashMap<>();
        rnn.parameters().forEach(p -> params.put(p.name(), p));
        Path file = tmp.resolve("ck.safetensors");
        Checkpoint.save(file, RnnConfig.lstm(2, 3).toMap(), params, new Sgd(rnn.parameters(), 0.1), 7);
        byte[] good = Files.readAllBytes(file);
        Path bad = tmp.resolve("bad.safetensors");
        for (int len = 0; len < good.length; len++) {
            Files.write(bad, java.util.Arrays.copyOf(good, len));
            try {
                Checkpoint.load(bad);
                fail("a checkpoint cut at " + len + " of " + good.length + " bytes loaded");
            } catch (JlstmFileException e) {
                assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
            }
        }
        byte[] flipped = good.clone();
        flipped[good.length - 5] ^= 0x10; // a bit in the last weight
        Files.write(bad, flipped);
        JlstmFileException e = assertThrows(JlstmFileException.class, () -> Checkpoint.load(bad));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());

        Map<String, Parameter> wrong = new LinkedHashMap<>();
        Rnn bigger = Rnn.create(RnnConfig.lstm(2, 4), 1);
        bigger.parameters().forEach(p -> wrong.put(p.name(), p));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file).restoreParameters(wrong));
        assertTrue(mismatch.getMessage().contains("weight_ih_l0 has shape [12, 2] in the checkpoint, the model expects [16, 2]"),
                mismatch.getMessage());
    }
}
