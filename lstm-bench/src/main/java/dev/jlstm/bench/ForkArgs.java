package dev.jlstm.bench;

/**
 * The JVM options every benchmark fork needs, as constants so that the {@code @Fork} annotations
 * and {@link BenchMain} (which must re-add them when the user replaces {@code -jvmArgsAppend}) agree.
 */
final class ForkArgs {

    /** The benchmarks run on the classpath, where the incubator module is only resolved on request... */
    static final String ADD_MODULES = "--add-modules";
    /** ...so without these two the vector backend declines and its benchmarks fail. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** slf4j-simple logs INFO by default: one "jlstm backend: ..." line per fork would clutter JMH's output. */
    static final String WARN_LOGGING = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private ForkArgs() {}
}
