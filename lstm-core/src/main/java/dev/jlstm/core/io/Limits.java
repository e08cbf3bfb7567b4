package dev.jlstm.core.io;

/** The size limit shared by the readers. */
final class Limits {

    /** 2 GiB: a file larger than this is refused unless the caller passes a larger limit. */
    static final long DEFAULT_MAX_BYTES = 1L << 31;

    private Limits() {}
}
