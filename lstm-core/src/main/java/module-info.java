/**
 * jlstm core: the kernel SPI ({@link dev.jlstm.core.Backend}), backend selection
 * ({@link dev.jlstm.core.Backends}) and the scalar reference backend.
 */
module dev.jlstm.core {
    requires org.slf4j;

    exports dev.jlstm.core;
    exports dev.jlstm.core.spi;
    // Argument checks and the scalar kernels, shared with our own modules only.
    exports dev.jlstm.core.internal to dev.jlstm.simd, dev.jlstm.models, dev.jlstm.examples;

    uses dev.jlstm.core.spi.BackendProvider;
}
