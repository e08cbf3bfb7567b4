/**
 * jlstm core: the kernel SPI ({@link dev.jlstm.core.Backend}), backend selection
 * ({@link dev.jlstm.core.Backends}) and the scalar reference backend.
 */
module dev.jlstm.core {
    requires org.slf4j;

    exports dev.jlstm.core;
    exports dev.jlstm.core.spi;
    exports dev.jlstm.core.io;
    // dev.jlstm.core.internal (argument checks, the scalar kernels) is not exported: users reach the
    // scalar backend through Backends.scalar().

    uses dev.jlstm.core.spi.BackendProvider;
}
