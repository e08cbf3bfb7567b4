/**
 * Reading and writing float32 arrays: NumPy {@code .npy} files ({@link dev.jlstm.core.io.Npy}),
 * Hugging Face safetensors files ({@link dev.jlstm.core.io.Safetensors}), both as
 * {@link dev.jlstm.core.io.Tensor}s, and the atomic file replacement they write with
 * ({@link dev.jlstm.core.io.AtomicFiles}).
 *
 * <p>Readers check a file against its format, and its size against a limit, before allocating its
 * data. A file that cannot be read as what it claims to be is a
 * {@link dev.jlstm.core.io.JlstmFileException} whose message names the file and the problem; a file
 * that cannot be opened is the usual {@link java.nio.file.NoSuchFileException} or other
 * {@link java.io.IOException}, whose message names it too. Nothing here logs.
 */
package dev.jlstm.core.io;
