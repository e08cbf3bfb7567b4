package dev.jlstm.examples;

import java.io.PrintStream;

/** One subcommand of the command line. */
interface Command {
    /** The word that selects it. */
    String name();

    /** One line for the list of commands. */
    String summary();

    /**
     * Runs it with the arguments after its name.
     *
     * @return the exit code
     * @throws UsageException for bad usage or bad input, reported as one line on stderr and exit code 2
     */
    int run(String[] args, PrintStream out) throws UsageException;
}
