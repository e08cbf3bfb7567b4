package dev.jlstm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code jlstm bench --json}: the line format that bench/compare.py reads (no timing is asserted). */
class BenchCommandTest {

    @Test
    void jsonLinesCarryTheSharedKeys() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--json", "--quick", "--threads", "1", "--cases", "stacked_infer"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        for (String key : List.of("\"impl\": \"jlstm\"", "\"case\": \"stacked_infer\"", "\"H\": 256", "\"B\": 32",
                "\"T\": 128", "\"layers\": 2", "\"directions\": 1", "\"threads\": 1", "\"reps\": 5")) {
            assertTrue(line.contains(key), key + " in " + line);
        }
        Matcher m = Pattern.compile("\"median_ms\": ([0-9.]+), \"min_ms\": ([0-9.]+), \"gflops\": ([0-9.]+)").matcher(line);
        assertTrue(m.find(), line);
        double median = Double.parseDouble(m.group(1));
        double gflops = Double.parseDouble(m.group(3));
        assertTrue(Double.parseDouble(m.group(2)) <= median, "min <= median");
        // 2 layers x 2*T*B*4H*(X+H) flops, reported per median time
        assertEquals(2 * 2.0 * 128 * 32 * 4 * 256 * 512 / (median * 1e6), gflops, gflops * 1e-3 + 1e-3);
    }

    @Test
    void unknownCaseIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--cases", "nope"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown case 'nope'"));
    }
}
