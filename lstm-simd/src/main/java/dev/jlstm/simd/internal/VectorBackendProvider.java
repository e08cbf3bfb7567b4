package dev.jlstm.simd.internal;

import dev.jlstm.core.Backend;
import dev.jlstm.core.spi.BackendProvider;

/**
 * Offers the {@link VectorBackend} when the Vector API can run well in this JVM.
 *
 * <p>This class must not touch {@code jdk.incubator.vector} before {@link #unavailableReason()} has
 * found the module: on a classpath without {@code --add-modules jdk.incubator.vector} any such
 * reference fails to link.
 */
public final class VectorBackendProvider implements BackendProvider {

    /** Vectors narrower than this do not beat scalar code enough to be worth the Vector API's overheads. */
    static final int MIN_BITS = 128;

    /** For {@link java.util.ServiceLoader}. */
    public VectorBackendProvider() {}

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String unavailableReason() {
        Module self = VectorBackendProvider.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        if (layer.findModule("jdk.incubator.vector").isEmpty()) {
            return "the module jdk.incubator.vector is not in the module layer; "
                    + "run java with --add-modules jdk.incubator.vector (or put jlstm on the module path)";
        }
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint), where the Vector API is hundreds of times "
                    + "slower than scalar code; remove -Xint";
        }
        if (info.contains("emulated-client") || System.getProperty("java.vm.name", "").contains("Client VM")) {
            return "the C2 compiler is off (-XX:TieredStopAtLevel below 4 or a client VM), and only C2 "
                    + "compiles the Vector API to SIMD instructions; remove that option";
        }
        int bits = VectorWidth.preferredBits();
        if (bits < MIN_BITS) {
            return "the preferred vector width is " + bits + " bits, under " + MIN_BITS
                    + "; check -XX:MaxVectorSize and -XX:UseAVX, or the CPU lacks SIMD support";
        }
        return null;
    }

    @Override
    public Backend create() {
        return new VectorBackend();
    }
}
