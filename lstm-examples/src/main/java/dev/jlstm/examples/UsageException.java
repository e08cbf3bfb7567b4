package dev.jlstm.examples;

/** Bad usage or bad input: the message is printed as one line and the command exits with code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
