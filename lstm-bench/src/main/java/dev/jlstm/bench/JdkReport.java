package dev.jlstm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares JMH runs of the jlstm benchmarks on several JDKs: reads one JMH JSON result file per JDK
 * ({@code -rf json}) and writes a Markdown table of GFLOP/s per benchmark, JDK and backend, with the
 * ratio of the newest to the oldest JDK on the vector backend, and an SVG bar chart of the vector
 * backend's GFLOP/s per case, one bar per JDK. {@code lstm-bench/compare-jdks.sh} runs it.
 *
 * <pre>
 * java -cp lstm-bench/target/benchmarks.jar dev.jlstm.bench.JdkReport [--md FILE] [--svg FILE]
 *      [--note TEXT]... [LABEL=]RESULTS.json...
 * </pre>
 *
 * <p>Each result file is one JDK; its label is the {@code jdkVersion} the file records, else the
 * {@code LABEL} given, else the file name. A file that is missing, empty or unreadable (a run that
 * failed) makes that JDK "missing" in the report, with the reason, and does not stop the others. FLOPs
 * come from {@link Work#of}, as in {@link BenchMain}'s table; benchmarks without a FLOP count appear in
 * the table of times only. JSON is read by the small parser below: no dependencies.
 */
public final class JdkReport {

    private static final String VECTOR = "vector";
    private static final String SCALAR = "scalar";
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
        "#ff9da7", "#9c755f", "#bab0ac"};

    private JdkReport() {}

    public static void main(String[] args) throws IOException {
        Path md = null;
        Path svg = null;
        List<String> notes = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--md") || a.equals("--svg") || a.equals("--note")) && i + 1 < args.length) {
                String v = args[++i];
                if (a.equals("--md")) {
                    md = Path.of(v);
                } else if (a.equals("--svg")) {
                    svg = Path.of(v);
                } else {
                    notes.add(v);
                }
            } else if (a.startsWith("--") || a.isEmpty()) {
                System.err.println("usage: JdkReport [--md FILE] [--svg FILE] [--note TEXT]... [LABEL=]RESULTS.json...");
                System.exit(a.equals("--help") || a.equals("-h") ? 0 : 2);
                return;
            } else {
                int eq = a.indexOf('=');
                // LABEL=FILE, unless the '=' is part of the file name (an existing file).
                boolean labelled = eq > 0 && !Files.exists(Path.of(a));
                runs.add(Run.read(labelled ? a.substring(0, eq) : null, Path.of(labelled ? a.substring(eq + 1) : a)));
            }
        }
        if (runs.isEmpty()) {
            System.err.println("usage: JdkReport [--md FILE] [--svg FILE] [--note TEXT]... [LABEL=]RESULTS.json...");
            System.exit(2);
            return;
        }
        Report report = new Report(runs);
        String markdown = report.markdown(notes);
        System.out.print(markdown);
        if (md != null) {
            write(md, markdown);
        }
        if (svg != null) {
            write(svg, report.svg());
        }
        for (Run r : report.runs) {
            if (r.problem != null) {
                System.err.println("JdkReport: " + r.label + " is missing: " + r.problem);
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** One measurement: a JMH score and what it means in GFLOP/s. */
    record Score(double score, double error, String unit, double gflops, double gflopsError) {}

    /** One JDK's results, or the reason there are none. */
    static final class Run {
        final Path file;
        String label;
        /** The version to order JDKs by; null if unknown. */
        Runtime.Version version;
        String problem;
        String jdkVersion;
        String vmName;
        String vmVersion;
        String jvm;
        final Set<String> settings = new LinkedHashSet<>();
        /** Row key, then backend (or "-"), then score; rows in the file's order. */
        final Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
        /** Row key to its benchmark and parameters (without the backend). */
        final Map<String, Row> rows = new LinkedHashMap<>();

        private Run(Path file) {
            this.file = file;
        }

        static Run read(String label, Path file) {
            Run run = new Run(file);
            String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    run.problem = "the run wrote no results (" + file + " is empty)";
                } else {
                    run.parse(Json.parse(text));
                    if (run.scores.isEmpty() && run.problem == null) {
                        run.problem = "no results in " + file;
                    }
                }
            } catch (NoSuchFileException e) {
                run.problem = "no results: " + file + " does not exist (the run failed or was not made)";
            } catch (IOException | UncheckedIOException e) {
                run.problem = "cannot read " + file + ": " + e.getMessage();
            } catch (RuntimeException e) { // malformed JSON, unexpected structure
                run.problem = "unreadable results in " + file + ": " + e.getMessage();
                run.scores.clear();
                run.rows.clear();
            }
            run.label = "JDK " + (run.jdkVersion != null ? run.jdkVersion : label != null ? label : stem);
            run.version = version(run.jdkVersion);
            if (run.version == null) {
                run.version = version(label);
            }
            if (run.version == null) {
                run.version = version(stem.replaceAll("^[^0-9]*", "").replaceAll("[^0-9.].*$", ""));
            }
            return run;
        }

        private static Runtime.Version version(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return Runtime.Version.parse(s.trim());
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void parse(Object json) {
            if (!(json instanceof List)) {
                throw new IllegalArgumentException("expected a JSON array of JMH results");
            }
            int skipped = 0;
            for (Object o : (List<?>) json) {
                if (!(o instanceof Map)) {
                    skipped++;
                    continue;
                }
                Map<?, ?> m = (Map<?, ?>) o;
                String benchmark = Json.string(m.get("benchmark"));
                Map<?, ?> metric = m.get("primaryMetric") instanceof Map ? (Map<?, ?>) m.get("primaryMetric") : null;
                if (benchmark == null || metric == null) {
                    skipped++;
                    continue;
                }
                jdkVersion = first(jdkVersion, Json.string(m.get("jdkVersion")));
                vmName = first(vmName, Json.string(m.get("vmName")));
                vmVersion = first(vmVersion, Json.string(m.get("vmVersion")));
                jvm = first(jvm, Json.string(m.get("jvm")));
                String s = settings(m);
                if (s != null) {
                    settings.add(s);
                }
                Map<String, String> params = new TreeMap<>();
                if (m.get("params") instanceof Map) {
                    ((Map<?, ?>) m.get("params")).forEach((k, v) -> params.put(String.valueOf(k), Json.string(v)));
                }
                String backend = params.remove("backend");
                Row row = new Row(benchmark, params);
                double score = Json.number(metric.get("score"));
                double error = Json.number(metric.get("scoreError"));
                String unit = Json.string(metric.get("scoreUnit"));
                double ns = nanosPerOp(score, unit);
                double flops = flops(benchmark, params, backend);
                double gflops = flops > 0 && ns > 0 ? flops / ns : Double.NaN;
                double gflopsError = Double.isNaN(gflops) || !(error >= 0) || score == 0 ? Double.NaN
                        : gflops * error / Math.abs(score);
                rows.putIfAbsent(row.key(), row);
                scores.computeIfAbsent(row.key(), k -> new LinkedHashMap<>())
                        .put(backend == null ? "-" : backend, new Score(score, error, unit, gflops, gflopsError));
            }
            if (skipped > 0 && scores.isEmpty()) {
                problem = "no JMH results among the " + skipped + " entries of " + file;
            }
        }

        private static String first(String a, String b) {
            return a != null ? a : b;
        }

        private static String settings(Map<?, ?> m) {
            Object wi = m.get("warmupIterations");
            Object i = m.get("measurementIterations");
            if (wi == null || i == null) {
                return null;
            }
            return count(wi) + "×" + Json.string(m.get("warmupTime")) + " warm-up, " + count(i) + "×"
                    + Json.string(m.get("measurementTime")) + " measured, " + count(m.get("forks"))
                    + ("1".equals(count(m.get("forks"))) ? " fork" : " forks");
        }

        private static String count(Object o) {
            double d = Json.number(o);
            return Double.isNaN(d) ? String.valueOf(o) : String.valueOf((long) d);
        }

        private static double flops(String benchmark, Map<String, String> params, String backend) {
            try {
                Work w = Work.of(benchmark, name -> name.equals("backend") ? backend : params.get(name));
                return w == null ? 0 : w.flops();
            } catch (RuntimeException e) { // parameters that describe no shape: no rate
                return 0;
            }
        }

        boolean hasResults() {
            return problem == null && !scores.isEmpty();
        }

        Score score(String row, String backend) {
            Map<String, Score> byBackend = scores.get(row);
            return byBackend == null ? null : byBackend.get(backend);
        }
    }

    /** A score converted to nanoseconds per operation from JMH's unit ("ms/op", "ops/s", ...); NaN if unknown. */
    static double nanosPerOp(double score, String unit) {
        if (unit == null || Double.isNaN(score)) {
            return Double.NaN;
        }
        String u = unit.trim();
        if (u.endsWith("/op")) {
            return score * unitNanos(u.substring(0, u.length() - 3));
        }
        if (u.startsWith("ops/")) {
            return unitNanos(u.substring(4)) / score;
        }
        return Double.NaN;
    }

    private static double unitNanos(String u) {
        switch (u) {
            case "ns": return 1;
            case "us": case "µs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "min": return 60e9;
            case "hr": return 3600e9;
            case "day": return 86400e9;
            default: return Double.NaN;
        }
    }

    /** A benchmark with its parameters other than the backend: one row of the tables. */
    record Row(String benchmark, Map<String, String> params) {

        String key() {
            return benchmark + " " + paramText();
        }

        /** {@code Class.method}. */
        String shortName() {
            int method = benchmark.lastIndexOf('.');
            return method <= 0 ? benchmark : benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
        }

        String paramText() {
            StringBuilder sb = new StringBuilder();
            for (String k : orderedKeys()) {
                sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(params.get(k));
            }
            return sb.toString();
        }

        /** Short: the {@code shape} parameter's value alone, {@code threads} only when not 1. */
        String chartLabel() {
            StringBuilder sb = new StringBuilder(shortName());
            for (String k : orderedKeys()) {
                String v = params.get(k);
                if (k.equals("threads") && "1".equals(v)) {
                    continue;
                }
                sb.append(' ').append(k.equals("shape") ? v : k + "=" + v);
            }
            return sb.toString();
        }

        private List<String> orderedKeys() {
            List<String> order = List.of("shape", "H", "M", "B", "n");
            List<String> keys = new ArrayList<>(params.keySet());
            keys.sort(Comparator.comparingInt((String k) -> order.contains(k) ? order.indexOf(k) : order.size())
                    .thenComparing(Comparator.naturalOrder()));
            return keys;
        }
    }

    /** The runs ordered oldest JDK first, and the rows of all of them. */
    static final class Report {
        final List<Run> runs;
        final Map<String, Row> rows = new LinkedHashMap<>();
        final List<String> backends;

        Report(List<Run> given) {
            runs = new ArrayList<>(given);
            // Oldest first; JDKs of unknown version last, in the order given (a stable sort).
            runs.sort((a, b) -> a.version == null || b.version == null
                    ? Boolean.compare(a.version == null, b.version == null)
                    : a.version.compareTo(b.version));
            Map<String, Integer> seen = new HashMap<>();
            for (Run r : runs) {
                seen.merge(r.label, 1, Integer::sum);
            }
            for (Run r : runs) {
                if (seen.get(r.label) > 1) { // the same version twice (two vendors): tell them apart
                    r.label += " (" + r.file.getFileName().toString().replaceFirst("\\.json$", "") + ")";
                }
                r.rows.forEach(rows::putIfAbsent);
            }
            // The LSTM suite first, in jlstm bench's order (stream, then the passes), then the kernels.
            List<Row> ordered = new ArrayList<>(rows.values());
            ordered.sort(Comparator.comparingInt(Report::rank));
            rows.clear();
            ordered.forEach(row -> rows.put(row.key(), row));
            Set<String> all = new LinkedHashSet<>(List.of(SCALAR, VECTOR));
            runs.forEach(r -> r.scores.values().forEach(m -> all.addAll(m.keySet())));
            backends = all.stream().filter(b -> runs.stream().anyMatch(r -> r.scores.values().stream()
                    .anyMatch(m -> m.containsKey(b)))).toList();
        }

        private static int rank(Row row) {
            String name = row.shortName();
            return name.equals("LstmSuiteBench.stream") ? 0 : name.equals("LstmSuiteBench.sequence") ? 1 : 2;
        }

        private List<Run> withResults() {
            return runs.stream().filter(Run::hasResults).toList();
        }

        /** The oldest and newest JDK with results, if they are two different runs. */
        private Run[] oldestNewest() {
            List<Run> ok = withResults().stream().filter(r -> r.version != null).toList();
            return ok.size() < 2 ? null : new Run[] {ok.get(0), ok.get(ok.size() - 1)};
        }

        String markdown(List<String> notes) {
            StringBuilder out = new StringBuilder();
            out.append("# jlstm benchmarks across JDKs\n\n");
            out.append("Generated ").append(LocalDate.now()).append(" by `dev.jlstm.bench.JdkReport` from JMH's JSON results,")
                    .append(" one file per JDK.\n");
            for (String n : notes) {
                out.append(n).append('\n');
            }
            out.append("\n| JDK | VM | Java | Results | JMH settings |\n|---|---|---|---|---|\n");
            for (Run r : runs) {
                out.append("| ").append(cell(r.label))
                        .append(" | ").append(cell(r.vmName == null ? "" : r.vmName + " " + nullToEmpty(r.vmVersion)))
                        .append(" | ").append(r.jvm == null ? "" : "`" + cell(r.jvm) + "`")
                        .append(" | ").append(r.hasResults() ? r.scores.size() + " rows (" + r.file.getFileName() + ")"
                                : "**missing**: " + cell(r.problem))
                        .append(" | ").append(cell(String.join("; ", r.settings)))
                        .append(" |\n");
            }
            Run[] on = oldestNewest();
            String ratioHeader = on == null ? null : "vector " + on[1].label + " / " + on[0].label;

            List<Row> rated = rows.values().stream().filter(this::hasRate).toList();
            out.append("\n## GFLOP/s\n\n");
            if (rated.isEmpty()) {
                out.append("No results with a FLOP count.\n");
            } else {
                out.append("Higher is better; ± is JMH's 99.9% error of the time, as a rate. FLOPs as in `BenchMain`'s table: ")
                        .append("LSTM cases `2*T*B*4H*(X+H)` per layer and direction (training 3x), products `2*M*N*K`.");
                if (ratioHeader != null) {
                    out.append(" The last column is the vector backend's GFLOP/s on ").append(on[1].label)
                            .append(" divided by that on ").append(on[0].label).append(" (above 1.00x the newer JDK is faster).");
                }
                out.append("\n\n| Benchmark | Params |");
                StringBuilder align = new StringBuilder("|---|---|");
                for (Run r : runs) {
                    for (String b : backends) {
                        out.append(' ').append(cell(r.label)).append(' ').append(b).append(" |");
                        align.append("--:|");
                    }
                }
                if (ratioHeader != null) {
                    out.append(' ').append(cell(ratioHeader)).append(" |");
                    align.append("--:|");
                }
                out.append('\n').append(align).append('\n');
                double logSum = 0;
                int ratios = 0;
                for (Row row : rated) {
                    out.append("| ").append(row.shortName()).append(" | ").append(cell(row.paramText())).append(" |");
                    for (Run r : runs) {
                        for (String b : backends) {
                            Score s = r.score(row.key(), b);
                            out.append(' ').append(s == null || Double.isNaN(s.gflops) ? "–"
                                    : withError(s.gflops, s.gflopsError)).append(" |");
                        }
                    }
                    if (ratioHeader != null) {
                        double ratio = ratio(row, on);
                        out.append(' ').append(Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2fx", ratio))
                                .append(" |");
                        if (!Double.isNaN(ratio)) {
                            logSum += Math.log(ratio);
                            ratios++;
                        }
                    }
                    out.append('\n');
                }
                if (ratios > 0) {
                    out.append("\nGeometric mean of the ").append(ratios).append(" ratios (vector backend, ")
                            .append(on[1].label).append(" / ").append(on[0].label).append("): ")
                            .append(String.format(Locale.ROOT, "%.2fx", Math.exp(logSum / ratios))).append(".\n");
                }
            }

            out.append("\n## Time per operation\n\nJMH's score ± its 99.9% error.\n\n| Benchmark | Params |");
            StringBuilder align = new StringBuilder("|---|---|");
            for (Run r : runs) {
                for (String b : backends) {
                    out.append(' ').append(cell(r.label)).append(' ').append(b).append(" |");
                    align.append("--:|");
                }
            }
            out.append('\n').append(align).append('\n');
            for (Row row : rows.values()) {
                out.append("| ").append(row.shortName()).append(" | ").append(cell(row.paramText())).append(" |");
                for (Run r : runs) {
                    for (String b : backends) {
                        Score s = r.score(row.key(), b);
                        out.append(' ').append(s == null ? "–" : withError(s.score, s.error) + " " + nullToEmpty(s.unit))
                                .append(" |");
                    }
                }
                out.append('\n');
            }
            return out.toString();
        }

        private boolean hasRate(Row row) {
            return runs.stream().anyMatch(r -> r.scores.getOrDefault(row.key(), Map.of()).values().stream()
                    .anyMatch(s -> !Double.isNaN(s.gflops)));
        }

        private double ratio(Row row, Run[] oldestNewest) {
            Score old = oldestNewest[0].score(row.key(), VECTOR);
            Score neu = oldestNewest[1].score(row.key(), VECTOR);
            return old == null || neu == null || !(old.gflops > 0) || !(neu.gflops > 0) ? Double.NaN : neu.gflops / old.gflops;
        }

        /**
         * A horizontal grouped bar chart: one group per case with a vector-backend rate, one bar per JDK
         * that has such rates (a case it lacks is marked), the error as a whisker, an axis with grid lines,
         * and a legend that also names the JDKs without results.
         */
        String svg() {
            List<Run> bars = runs.stream().filter(r -> r.scores.keySet().stream().anyMatch(k -> hasVectorRate(r, k)))
                    .toList();
            List<Row> cases = rows.values().stream().filter(row -> bars.stream().anyMatch(r -> hasVectorRate(r, row.key())))
                    .toList();
            int n = Math.max(1, bars.size());
            double bar = 14;
            double barGap = 2;
            double groupGap = 12;
            double group = n * bar + (n - 1) * barGap + groupGap;
            double charW = 6.8; // per character at 12 px sans-serif, generously
            int longest = cases.stream().mapToInt(r -> r.chartLabel().length()).max().orElse(10);
            double left = Math.min(420, 20 + longest * charW);
            double plotW = 560;
            double right = 70;
            List<String> legend = new ArrayList<>();
            for (Run r : runs) {
                legend.add(r.label + (r.vmVersion != null ? " (" + r.vmVersion + ")" : "")
                        + (bars.contains(r) ? "" : " – missing: " + shorten(r.hasResults() ? "no vector-backend rates"
                                : r.problem, 80)));
            }
            double legendW = 18 + legend.stream().mapToInt(String::length).max().orElse(0) * charW;
            double width = Math.max(left + plotW + right, left + legendW + 10);
            double legendRowH = 18;
            double top = 50 + runs.size() * legendRowH + 10;
            double plotH = Math.max(group, cases.size() * group);
            double height = top + plotH + 50;

            // The axis covers the bars; whiskers beyond it (short runs have large errors) are cut at its end.
            double max = 0;
            for (Row row : cases) {
                for (Run r : bars) {
                    Score s = r.score(row.key(), VECTOR);
                    if (s != null && !Double.isNaN(s.gflops)) {
                        max = Math.max(max, s.gflops);
                    }
                }
            }
            double[] ticks = ticks(max * 1.08);
            double axisMax = ticks[ticks.length - 1];

            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                    width, height, width, height));
            s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n",
                    width, height));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                    10.0, xml("jlstm: GFLOP/s per case and JDK, vector backend (higher is better)")));
            // Legend: one swatch per JDK with bars; a hollow one for a JDK without.
            for (int j = 0; j < runs.size(); j++) {
                Run r = runs.get(j);
                double y = 40 + j * legendRowH;
                int b = bars.indexOf(r);
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" %s/>%n",
                        left, y + 0.5, b >= 0 ? "fill=\"" + color(b) + "\"" : "fill=\"none\" stroke=\"#888\""));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>%n", left + 18, y + 10.5,
                        b >= 0 ? "" : " fill=\"#666\"", xml(legend.get(j))));
            }
            // Grid lines and tick labels.
            for (double t : ticks) {
                double x = left + plotW * t / axisMax;
                s.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
                        x, top - 4, x, top + plotH, t == 0 ? "#333" : "#ddd"));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                        x, top + plotH + 16, tickLabel(t, ticks)));
            }
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1\"/>%n",
                    left, top + plotH, left + plotW, top + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    left + plotW / 2, top + plotH + 38, xml("GFLOP/s (vector backend; whiskers: JMH's 99.9% error)")));
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-weight=\"bold\">%s</text>%n",
                    left - 8, top - 8, xml("benchmark and case")));
            if (cases.isEmpty()) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", left + 10, top + 16,
                        xml("no vector-backend results with a FLOP count")));
            }
            for (int c = 0; c < cases.size(); c++) {
                Row row = cases.get(c);
                double y0 = top + c * group + groupGap / 2;
                if (c % 2 == 1) {
                    s.append(String.format(Locale.ROOT,
                            "<rect x=\"0\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f4f4f4\"/>%n",
                            y0 - groupGap / 2, left + plotW, group));
                }
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                        left - 8, y0 + (group - groupGap) / 2 + 4, xml(row.chartLabel())));
                for (int j = 0; j < bars.size(); j++) {
                    Score sc = bars.get(j).score(row.key(), VECTOR);
                    double y = y0 + j * (bar + barGap);
                    if (sc == null || Double.isNaN(sc.gflops)) {
                        s.append(String.format(Locale.ROOT,
                                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#888\">%s</text>%n",
                                left + 4, y + bar - 3, xml(bars.get(j).label + ": missing")));
                        continue;
                    }
                    double w = plotW * sc.gflops / axisMax;
                    s.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
                            left, y, Math.max(w, 0.5), bar, color(j),
                            xml(bars.get(j).label + ", " + row.chartLabel() + ": " + number(sc.gflops) + " GFLOP/s")));
                    double end = w;
                    if (!Double.isNaN(sc.gflopsError) && sc.gflopsError > 0) {
                        double lo = left + plotW * Math.max(0, sc.gflops - sc.gflopsError) / axisMax;
                        boolean cut = sc.gflops + sc.gflopsError > axisMax;
                        double hi = left + plotW * Math.min(axisMax, sc.gflops + sc.gflopsError) / axisMax;
                        double cy = y + bar / 2;
                        s.append(String.format(Locale.ROOT,
                                "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f%s\" stroke=\"#222\" "
                                        + "stroke-width=\"1\" fill=\"none\"/>%n",
                                lo, cy, hi, lo, cy - 3, cy + 3,
                                cut ? String.format(Locale.ROOT, "M%.1f %.1fL%.1f %.1fL%.1f %.1f", hi - 4, cy - 3, hi, cy,
                                        hi - 4, cy + 3)
                                        : String.format(Locale.ROOT, "M%.1f %.1fV%.1f", hi, cy - 3, cy + 3)));
                        end = Math.max(end, hi - left);
                    }
                    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%s</text>%n",
                            left + end + 4, y + bar - 3, number(sc.gflops)));
                }
            }
            s.append("</svg>\n");
            return s.toString();
        }

        private static boolean hasVectorRate(Run r, String row) {
            Score s = r.score(row, VECTOR);
            return s != null && !Double.isNaN(s.gflops);
        }

        private static String color(int j) {
            return COLORS[j % COLORS.length];
        }
    }

    /** A tick value with as many decimals as the step needs. */
    static String tickLabel(double t, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + decimals + "f", t);
    }

    /** Round tick values from 0 to at least {@code max}: steps of 1, 2 or 5 times a power of ten. */
    static double[] ticks(double max) {
        if (!(max > 0)) {
            return new double[] {0, 1};
        }
        double raw = max / 6;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw <= pow ? pow : raw <= 2 * pow ? 2 * pow : raw <= 5 * pow ? 5 * pow : 10 * pow;
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] t = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            t[i] = i * step;
        }
        return t;
    }

    /** About four significant digits, without exponents (as {@code ResultTable}). */
    static String number(double v) {
        return String.format(Locale.ROOT, "%." + decimals(v) + "f", v);
    }

    /** A value and its error with the value's decimals: {@code 82.93 ± 35.88}, {@code 4.376 ± 0.961}. */
    static String withError(double v, double error) {
        if (Double.isNaN(error)) {
            return number(v);
        }
        String f = "%." + decimals(v) + "f";
        return String.format(Locale.ROOT, f + " ± " + f, v, error);
    }

    private static int decimals(double v) {
        double a = Math.abs(v);
        if (a == 0 || Double.isNaN(a) || Double.isInfinite(a)) {
            return 1;
        }
        return a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : Math.min(9, 3 - (int) Math.floor(Math.log10(a)));
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String shorten(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default:
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }

    /**
     * A small, tolerant JSON reader: objects become {@link LinkedHashMap}s, arrays {@link List}s, numbers
     * {@link Double}s; also accepts the bare {@code NaN} and {@code Infinity} some writers produce.
     */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            j.skipSpace();
            if (j.i < j.s.length() && j.s.charAt(j.i) == '\uFEFF') {
                j.i++;
            }
            Object v = j.value();
            j.skipSpace();
            if (j.i != j.s.length()) {
                throw j.error("text after the end of the JSON value");
            }
            return v;
        }

        /** A string, or a number or boolean as text; null for null or a container. */
        static String string(Object o) {
            if (o == null || o instanceof Map || o instanceof List) {
                return null;
            }
            if (o instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
                return String.valueOf(d.longValue());
            }
            return o.toString();
        }

        /** A number, also from a string ("NaN", "+INF", "1.5"); NaN when it is none. */
        static double number(Object o) {
            if (o instanceof Double d) {
                return d;
            }
            if (o instanceof String str) {
                String t = str.trim();
                switch (t) {
                    case "NaN": return Double.NaN;
                    case "+INF": case "INF": case "Infinity": case "+Infinity": return Double.POSITIVE_INFINITY;
                    case "-INF": case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default:
                        try {
                            return Double.parseDouble(t);
                        } catch (NumberFormatException e) {
                            return Double.NaN;
                        }
                }
            }
            return Double.NaN;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end of the text");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return str();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                case 'N': return literal("NaN", Double.NaN);
                case 'I': return literal("Infinity", Double.POSITIVE_INFINITY);
                default:
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                        return num();
                    }
                    throw error("unexpected '" + c + "'");
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++; // {
            skipSpace();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = str();
                skipSpace();
                expect(':');
                m.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
                skipSpace();
                if (peek() == '}') { // a trailing comma: tolerated
                    i++;
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++; // [
            skipSpace();
            if (peek() == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return a;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
                skipSpace();
                if (peek() == ']') {
                    i++;
                    return a;
                }
            }
        }

        private String str() {
            i++; // "
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                        break;
                    default: b.append(e); // \" \\ \/ and anything else, literally
                }
            }
        }

        private Double num() {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
                if (s.startsWith("Infinity", i)) {
                    i += "Infinity".length();
                    return s.charAt(start) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
            }
            while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            try {
                return Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw error("bad number '" + s.substring(start, i) + "'");
            }
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("unexpected token");
            }
            i += word.length();
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private char next() {
            if (i >= s.length()) {
                throw error("unexpected end of the text");
            }
            return s.charAt(i++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            int line = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException("JSON: " + what + " at line " + line);
        }
    }
}
