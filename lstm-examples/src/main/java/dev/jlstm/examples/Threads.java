package dev.jlstm.examples;

/** The thread count: {@code --threads N}, else {@code -Djlstm.threads=N}, else every available processor. */
final class Threads {
    private Threads() {}

    static int parse(String[] args, String command) throws UsageException {
        String value = System.getProperty("jlstm.threads");
        String source = "-Djlstm.threads";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads") && i + 1 < args.length) {
                value = args[++i];
                source = "--threads";
            } else if (args[i].startsWith("--threads=")) {
                value = args[i].substring("--threads=".length());
                source = "--threads";
            } else {
                throw new UsageException("unknown option '" + args[i] + "' (usage: jlstm " + command + " [--threads N])");
            }
        }
        if (value == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(source + " must be a whole number >= 1, found '" + value + "'");
    }
}
