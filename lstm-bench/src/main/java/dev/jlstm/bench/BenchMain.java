package dev.jlstm.bench;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the jlstm benchmarks with JMH and ends with a Markdown table of times and rates.
 *
 * <p>Takes JMH's own command line (a regex selecting benchmarks, {@code -f}, {@code -wi}, {@code -i},
 * {@code -p H=256}, {@code -h}, ...) plus {@code --quick} for a smoke run: 1 fork, 2 warm-up and 3
 * measurement iterations of 1 s, where the command line does not say otherwise. JMH's own output is
 * kept; the table, headed by the JDK and the vector width, comes last.
 */
public final class BenchMain {

    static final String QUICK = "--quick";
    private static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private BenchMain() {}

    public static void main(String[] args) throws IOException {
        // Before anything touches SLF4J: the header below says what the INFO line of Backends would.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        boolean quick = Arrays.asList(args).contains(QUICK);
        String[] jmhArgs = Arrays.stream(args).filter(a -> !a.equals(QUICK)).toArray(String[]::new);

        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp()) {
            System.out.println("Usage: run.sh [" + QUICK + "] [JMH options] [benchmark regex]");
            System.out.println("  " + QUICK + "  smoke settings: 1 fork, 2 warm-up and 3 measurement iterations of 1 s");
            cmd.showHelp();
            return;
        }
        if (cmd.shouldListProfilers()) {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats()) {
            cmd.listResultFormats();
            return;
        }
        Runner runner = new Runner(options(cmd, quick));
        if (cmd.shouldList()) {
            runner.list();
            return;
        }
        if (cmd.shouldListWithParams()) {
            runner.listWithParams(cmd);
            return;
        }

        String header = header();
        System.out.println("# " + header);
        Collection<RunResult> results;
        try {
            results = runner.run();
        } catch (RunnerException e) {
            if (e instanceof NoBenchmarksException) { // a regex that matches nothing: no stack trace
                System.err.println("ERROR: " + e);
            } else {
                System.err.print("ERROR: ");
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.println(header);
        System.out.println();
        System.out.print(ResultTable.markdown(results));
        System.out.println();
        System.out.println(ResultTable.forkJvms(results));
    }

    /** The command line, with the quick settings where it says nothing, and the flags every fork needs. */
    static Options options(CommandLineOptions cmd, boolean quick) {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cmd);
        if (quick) {
            if (!cmd.getForkCount().hasValue()) {
                b.forks(1);
            }
            if (!cmd.getWarmupIterations().hasValue()) {
                b.warmupIterations(2);
            }
            if (!cmd.getWarmupTime().hasValue()) {
                b.warmupTime(TimeValue.seconds(1));
            }
            if (!cmd.getMeasurementIterations().hasValue()) {
                b.measurementIterations(3);
            }
            if (!cmd.getMeasurementTime().hasValue()) {
                b.measurementTime(TimeValue.seconds(1));
            }
        }
        // A -jvmArgsAppend on the command line replaces the @Fork annotations' list; keep ours in front.
        if (cmd.getJvmArgsAppend().hasValue()) {
            List<String> jvmArgs = new ArrayList<>(List.of(ForkArgs.ADD_MODULES, ForkArgs.VECTOR_MODULE, ForkArgs.WARN_LOGGING));
            jvmArgs.addAll(cmd.getJvmArgsAppend().get());
            b.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        }
        // JDK 24+ warns on stderr, in every fork, that JMH uses sun.misc.Unsafe; the flag exists from JDK 23.
        if (Runtime.version().feature() >= 23 && !cmd.getJvm().hasValue()) {
            List<String> prepend = new ArrayList<>(List.of(ALLOW_UNSAFE));
            if (cmd.getJvmArgsPrepend().hasValue()) {
                prepend.addAll(cmd.getJvmArgsPrepend().get());
            }
            b.jvmArgsPrepend(prepend.toArray(new String[0]));
        }
        return b.build();
    }

    /** One line: the JDK, the VM, the vector backend's width, the processors and the date. */
    static String header() {
        return "jlstm benchmarks: JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors), "
                + vectorWidth() + ", " + LocalDate.now();
    }

    private static String vectorWidth() {
        try {
            Backend vector = Backends.byName("vector");
            return "vector backend " + vector.vectorBits() + "-bit (" + vector.vectorBits() / Float.SIZE + " float lanes)";
        } catch (RuntimeException e) { // not on the classpath, or declined: the message says why
            return "vector backend unavailable: " + e.getMessage();
        }
    }
}
