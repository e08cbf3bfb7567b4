package dev.jlstm.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A command's options: {@code --name value} and {@code --flag}, each known in advance; anything
 * else is a {@link UsageException} naming it.
 */
final class Options {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args}.
     *
     * @param withValue options that take a value
     * @param flags     options that take none
     */
    static Options parse(String command, String[] args, Set<String> withValue, Set<String> flags) throws UsageException {
        Options o = new Options(command);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
            } else if (flags.contains(name) && value == null) {
                value = "true";
            } else {
                throw new UsageException("unknown option '" + a + "' (see jlstm " + command + " --help)");
            }
            if (o.values.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return o;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    /** The value of a required option. */
    String require(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing " + name + " (see jlstm " + command + " --help)");
        }
        return v;
    }

    Path path(String name) throws UsageException {
        return Path.of(require(name));
    }

    Path optionalPath(String name) {
        return has(name) ? Path.of(values.get(name)) : null;
    }

    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }
}
