package dev.jlstm.core.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}: the body of an {@link AtomicFiles#write} call.
 *
 * @param <T> what it consumes
 */
@FunctionalInterface
public interface IOConsumer<T> {

    /**
     * Consumes {@code value}.
     *
     * @throws IOException if writing fails; the caller decides what that undoes
     */
    void accept(T value) throws IOException;
}
