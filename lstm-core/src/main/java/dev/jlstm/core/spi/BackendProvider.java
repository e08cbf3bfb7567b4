package dev.jlstm.core.spi;

import dev.jlstm.core.Backend;

/**
 * Service interface through which {@link dev.jlstm.core.Backends} finds backends other than the
 * built-in scalar one. Register an implementation with {@code provides} in {@code module-info.java}
 * and in {@code META-INF/services/dev.jlstm.core.spi.BackendProvider} for classpath users.
 *
 * <p>A provider must be cheap to construct and must not touch optional classes (such as
 * {@code jdk.incubator.vector}) before {@link #unavailableReason()} has confirmed they are present.
 */
public interface BackendProvider {

    /** The name that {@code -Djlstm.backend=NAME} selects. */
    String name();

    /** Higher wins when no backend is named; the scalar backend has priority 0. */
    int priority();

    /**
     * Why this backend cannot run in this JVM, including how to enable it, or {@code null} when it can.
     */
    String unavailableReason();

    /** Creates the backend. Called only after {@link #unavailableReason()} returned {@code null}. */
    Backend create();
}
