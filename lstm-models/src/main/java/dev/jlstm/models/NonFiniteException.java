package dev.jlstm.models;

/**
 * Training produced a NaN or an infinity (in the loss or a gradient). Thrown before the parameters
 * are updated, so they still hold the last finite values; the message names the step and where.
 */
public class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** With the message that names the step and the value. */
    public NonFiniteException(String message) {
        super(message);
    }
}
