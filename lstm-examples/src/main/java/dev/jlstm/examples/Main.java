package dev.jlstm.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code jlstm} command line: {@code jlstm <command> [options]}.
 *
 * <p>Every command reports bad usage or bad input as one line on stderr and exit code 2.
 */
public final class Main {
    private Main() {}

    /** Exit code for bad usage or bad input. */
    static final int USAGE = 2;

    private static final Map<String, Command> COMMANDS = new TreeMap<>();

    static {
        register(new InfoCommand());
        register(new InferCommand());
        register(new GradCommand());
        register(new BenchCommand());
    }

    private static void register(Command c) {
        COMMANDS.put(c.name(), c);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? USAGE : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("jlstm: unknown command '" + args[0] + "' (commands: " + String.join(", ", COMMANDS.keySet())
                    + "; see jlstm --help)");
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return command.run(rest, out);
        } catch (UsageException e) {
            err.println("jlstm " + command.name() + ": " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("jlstm " + command.name() + ": failed: " + e);
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: jlstm <command> [options]   (jlstm <command> --help for its options)");
        out.println();
        for (Command c : COMMANDS.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
    }
}
