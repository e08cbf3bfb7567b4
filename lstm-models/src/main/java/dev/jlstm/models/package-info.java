/** Recurrent layers and their training; built on {@link dev.jlstm.core.Backend}. */
package dev.jlstm.models;
