/**
 * jlstm simd: a {@link dev.jlstm.core.Backend} on the incubator Vector API. It exports nothing;
 * {@link dev.jlstm.core.Backends} finds it through its service provider.
 */
module dev.jlstm.simd {
    requires dev.jlstm.core;
    requires jdk.incubator.vector;
    requires org.slf4j;

    provides dev.jlstm.core.spi.BackendProvider with dev.jlstm.simd.internal.VectorBackendProvider;
}
