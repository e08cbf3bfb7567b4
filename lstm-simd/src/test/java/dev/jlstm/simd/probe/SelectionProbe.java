package dev.jlstm.simd.probe;

import dev.jlstm.core.Backend;
import dev.jlstm.core.Backends;

/**
 * Run in a fresh JVM by {@code BackendSelectionTest}: prints the backend {@link Backends#get()}
 * chooses as {@code backend=NAME bits=N}, or {@code error=MESSAGE}. It lives outside the
 * library's packages so that it can run from the classpath beside the modules.
 */
public final class SelectionProbe {
    private SelectionProbe() {}

    public static void main(String[] args) {
        try {
            Backend b = Backends.get();
            System.out.println("backend=" + b.name() + " bits=" + b.vectorBits());
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
