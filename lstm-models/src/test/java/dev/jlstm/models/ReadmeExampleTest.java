package dev.jlstm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of the README, line for line, so that it keeps compiling and working. */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() throws IOException {
        int X = 3, H = 8, T = 5, B = 4, classes = 2;
        Random rnd = new Random(1);
        float[] x = GradientCheckTest.uniform(rnd, T * B * X, 1);
        int[] lengths = {5, 3, 4, 2};
        int[] targets = {0, 1, 1, 0};
        float[] xt = new float[X];

        Rnn lstm = Rnn.create(RnnConfig.lstm(X, H).withLayers(2).withDropout(0.1), 42);
        Dense head = Dense.create(H, classes, 43);
        List<Parameter> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, 1e-3);

        double first = Double.NaN, loss = Double.NaN;
        for (int step = 1; step <= 100; step++) {
            params.forEach(Parameter::zeroGrad);
            RnnTrace trace = lstm.forwardForTraining(x, T, B, lengths, null, null);
            float[] last = Sequences.lastSteps(trace.output().output(), T, B, H, lengths);
            float[] logits = head.forward(last, B);
            float[] dLogits = new float[B * classes];
            loss = Losses.softmaxCrossEntropy(lstm.backend(), logits, B, classes, targets, dLogits);
            trace.backward(Sequences.scatterLastSteps(head.backward(last, B, dLogits), T, B, H, lengths), null, null);
            Optimizer.clipGradNorm(params, 1.0);
            adam.step();
            first = step == 1 ? loss : first;
        }
        assertTrue(loss < first, "the loss went down: " + first + " -> " + loss);

        Map<String, Parameter> named = new LinkedHashMap<>();
        lstm.parameters().forEach(p -> named.put("rnn." + p.name(), p));
        head.parameters().forEach(p -> named.put("head." + p.name(), p));
        Checkpoint.save(tmp.resolve("model.ckpt"), lstm.config().toMap(), named, adam, 100);

        Checkpoint ck = Checkpoint.load(tmp.resolve("model.ckpt"));
        Rnn loaded = Rnn.create(RnnConfig.fromMap(ck.config()), 0);
        Dense loadedHead = Dense.create(H, classes, 0);
        Map<String, Parameter> namedOfLoaded = new LinkedHashMap<>();
        loaded.parameters().forEach(p -> namedOfLoaded.put("rnn." + p.name(), p));
        loadedHead.parameters().forEach(p -> namedOfLoaded.put("head." + p.name(), p));
        ck.restoreParameters(namedOfLoaded);

        RnnState state = loaded.newState(1);
        loaded.step(xt, 0, state);
        assertArrayEquals(lstm.forward(new float[X], 1, 1).output(), state.output(), 1e-6f,
                "the loaded model streams what the trained one computes");
    }
}
