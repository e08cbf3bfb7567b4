package dev.jlstm.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Formats JMH results as a Markdown table with the rates that {@link Work} makes of the time per op. */
final class ResultTable {

    /** Shape parameters in reading order; any others follow alphabetically. */
    private static final List<String> SHAPE_ORDER = List.of("shape", "H", "M", "B", "n");

    private ResultTable() {}

    static String markdown(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| Benchmark | Backend | Shape | Time per op | GFLOP/s | Weights GB/s | Elements/ns |\n");
        out.append("|---|---|---|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> score = r.getPrimaryResult();
            Work work = workOf(p);
            double nsPerOp = nanosPerOp(p, score.getScore());
            String backend = p.getParam("backend");
            out.append("| ").append(shortName(p.getBenchmark()))
                    .append(" | ").append(backend == null ? "-" : backend)
                    .append(" | ").append(shape(p))
                    .append(" | ").append(time(score))
                    .append(" | ").append(rate(work == null ? 0 : work.flops(), nsPerOp))
                    .append(" | ").append(rate(work == null ? 0 : work.weightBytes(), nsPerOp))
                    .append(" | ").append(rate(work == null ? 0 : work.elements(), nsPerOp))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The JVMs the forks ran on, which should be the one that runs this table. */
    static String forkJvms(Collection<RunResult> results) {
        TreeSet<String> jvms = results.stream()
                .map(r -> r.getParams().getJvm() + " (JDK " + r.getParams().getJdkVersion() + ", "
                        + r.getParams().getVmName() + ")")
                .collect(Collectors.toCollection(TreeSet::new));
        String host = System.getProperty("java.version");
        boolean sameJdk = results.stream().allMatch(r -> host.equals(r.getParams().getJdkVersion()));
        return "Benchmark JVM: " + String.join("; ", jvms)
                + (sameJdk ? "" : "\nNOTE: not the JDK " + host + " of the header line (see -jvm)");
    }

    private static Work workOf(BenchmarkParams p) {
        try {
            return Work.of(p.getBenchmark(), p::getParam);
        } catch (RuntimeException e) { // parameters given with -p that describe no shape: no rates
            return null;
        }
    }

    /** A score converted to nanoseconds per operation, whatever mode and unit the run used. */
    private static double nanosPerOp(BenchmarkParams p, double score) {
        double unitNanos = p.getTimeUnit().toNanos(1);
        return p.getMode() == Mode.Throughput ? unitNanos / score : score * unitNanos;
    }

    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    private static String shape(BenchmarkParams p) {
        List<String> keys = new ArrayList<>(p.getParamsKeys());
        keys.remove("backend");
        keys.sort(Comparator.comparingInt((String k) -> SHAPE_ORDER.contains(k) ? SHAPE_ORDER.indexOf(k) : SHAPE_ORDER.size())
                .thenComparing(Comparator.naturalOrder()));
        return keys.stream().map(k -> k + "=" + p.getParam(k)).collect(Collectors.joining(" "));
    }

    private static String time(Result<?> score) {
        double error = score.getScoreError();
        return number(score.getScore()) + (Double.isNaN(error) ? "" : " ± " + number(error)) + " " + score.getScoreUnit();
    }

    /** Amount per nanosecond, i.e. giga-amount per second; empty when the amount does not apply. */
    private static String rate(double amount, double nsPerOp) {
        return amount > 0 && nsPerOp > 0 ? number(amount / nsPerOp) : "";
    }

    /** About four significant digits, without exponents. */
    private static String number(double v) {
        double a = Math.abs(v);
        String format = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, format, v);
    }
}
