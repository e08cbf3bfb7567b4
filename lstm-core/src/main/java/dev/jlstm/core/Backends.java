package dev.jlstm.core;

import dev.jlstm.core.internal.ScalarBackend;
import dev.jlstm.core.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the backend that runs the kernels.
 *
 * <p>{@link #get()} picks, once per JVM, the backend named by the system property
 * {@value #PROPERTY} ({@code scalar} or {@code vector}) or else the highest-priority backend that can
 * run here: the Vector API backend when {@code dev.jlstm.simd} is present, {@code jdk.incubator.vector}
 * is in the module layer, C2 is on and vectors are at least 128 bits wide; otherwise the scalar
 * backend. Each backend that declines says why, and how to enable it, in one log line; the chosen one
 * is logged once at INFO with its vector width and the JDK.
 */
public final class Backends {

    /** The system property that names the backend to use: {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "jlstm.backend";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final String SCALAR = "scalar";
    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
    private static volatile Backend chosen;

    private Backends() {}

    /** The backend chosen for this JVM (see the class comment); the same instance on every call. */
    public static Backend get() {
        Backend b = chosen;
        if (b == null) {
            synchronized (Backends.class) {
                b = chosen;
                if (b == null) {
                    b = choose();
                    chosen = b;
                }
            }
        }
        return b;
    }

    /** The scalar reference backend, always available. */
    public static Backend scalar() {
        return byName(SCALAR);
    }

    /**
     * The backend with the given name; the same instance on every call.
     *
     * @throws IllegalArgumentException if no backend has that name
     * @throws IllegalStateException    if it exists but cannot run in this JVM; the message says why
     *                                  and how to enable it
     */
    public static Backend byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("the backend name is null; known: " + String.join(", ", knownNames()));
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        Backend known = CREATED.get(key);
        if (known != null) {
            return known;
        }
        if (key.equals(SCALAR)) {
            return created(SCALAR, ScalarBackend::new);
        }
        List<BackendProvider> providers = providers();
        for (BackendProvider p : providers) {
            if (p.name().toLowerCase(Locale.ROOT).equals(key)) {
                String reason = p.unavailableReason();
                if (reason != null) {
                    throw new IllegalStateException("jlstm backend '" + key + "' cannot run: " + reason);
                }
                return created(key, p::create);
            }
        }
        throw new IllegalArgumentException("no jlstm backend named '" + name + "'; known: " + String.join(", ", knownNames())
                + (providers.isEmpty() ? " (is dev.jlstm.simd on the module path or classpath?)" : ""));
    }

    private static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        names.add(SCALAR);
        providers().forEach(p -> names.add(p.name().toLowerCase(Locale.ROOT)));
        return names;
    }

    private static Backend choose() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return byName(forced);
        }
        for (BackendProvider p : providers()) {
            String reason = p.unavailableReason();
            if (reason == null) {
                return byName(p.name());
            }
            LOG.warn("jlstm: the {} backend is not used: {}", p.name(), reason);
        }
        return scalar();
    }

    private static Backend created(String key, Supplier<Backend> factory) {
        return CREATED.computeIfAbsent(key, k -> {
            Backend b = factory.get();
            String width = b.vectorBits() > Float.SIZE
                    ? b.vectorBits() + "-bit vectors, " + b.vectorBits() / Float.SIZE + " float lanes"
                    : "one float at a time";
            LOG.info("jlstm backend: {} ({}), Java {} ({})", b.name(), width, Runtime.version(),
                    System.getProperty("java.vm.name"));
            return b;
        });
    }

    /** Providers found by ServiceLoader, highest priority first; a provider that fails to load is logged and skipped. */
    private static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                BackendProvider p = it.next();
                if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    found.add(p);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("jlstm: a backend provider could not be loaded and is skipped: {}", e.toString());
            }
        }
        found.sort(Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name));
        return found;
    }
}
