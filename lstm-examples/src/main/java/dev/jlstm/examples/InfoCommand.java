package dev.jlstm.examples;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;
import java.io.PrintStream;

/** {@code jlstm info}: what this JVM gives jlstm: the JDK, the backend, its vector width, the threads. */
final class InfoCommand implements Command {

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "print the JDK, the chosen backend, its vector width and the thread count";
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("usage: jlstm info [--threads N]");
            out.println("  " + summary());
            out.println("  the backend is chosen by -Djlstm.backend=scalar|vector in JAVA_OPTS, else the fastest that runs");
            return 0;
        }
        int threads = Threads.parse(args, "info");
        Backend backend;
        try {
            backend = Backends.get();
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage());
        }
        int bits = backend.vectorBits();
        out.println("jdk:     " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        out.println("backend: " + backend.name());
        out.println("vector:  " + (bits > Float.SIZE ? bits + " bits (" + bits / Float.SIZE + " float lanes)"
                : "none (one float at a time)"));
        out.println("threads: " + threads);
        return 0;
    }
}
