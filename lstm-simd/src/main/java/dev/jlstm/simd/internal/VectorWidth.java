package dev.jlstm.simd.internal;

import jdk.incubator.vector.FloatVector;

/** The preferred vector width; a class of its own so that only it is loaded to ask. */
final class VectorWidth {
    private VectorWidth() {}

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
