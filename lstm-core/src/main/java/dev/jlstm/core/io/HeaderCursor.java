package dev.jlstm.core.io;

/**
 * A position in the text of a file header, with the few moves both header grammars share. Every
 * mistake becomes a {@link JlstmFileException} that says what was expected, where, and what was
 * found instead.
 *
 * <p>The header parsers built on it read only the handful of shapes of value their format allows,
 * by plain loops: they never recurse, so no header, however hostile, can exhaust the stack, and each
 * character is looked at a bounded number of times.
 */
abstract class HeaderCursor {

    private final FileSource source;
    private final String grammar;
    final String text;
    int pos;

    /**
     * @param grammar names the text in messages, e.g. "the header is not valid JSON"
     */
    HeaderCursor(FileSource source, String grammar, String text) {
        this.source = source;
        this.grammar = grammar;
        this.text = text;
    }

    /** A syntax error at the current position. */
    final JlstmFileException syntaxError(String problem) {
        return source.fail(grammar + ": " + problem + " at character " + pos + " of the header");
    }

    /** A format error that is not about syntax: a wrong value in a well-formed header. */
    final JlstmFileException fail(String problem) {
        return source.fail(problem);
    }

    /** Skips spaces, tabs and line breaks, the whitespace of both JSON and a Python literal. */
    final void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The next character after whitespace, or -1 at the end; consumes only the whitespace. */
    final int peek() {
        skipWhitespace();
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    /** Consumes {@code c} (after whitespace) if it comes next. */
    final boolean consumeIf(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Consumes {@code c} (after whitespace), or fails.
     *
     * @param expected what the message says was expected, e.g. "',' or '}'"
     */
    final void expect(char c, String expected) throws JlstmFileException {
        if (!consumeIf(c)) {
            throw syntaxError("expected " + expected + ", found " + found());
        }
    }

    /** Requires that nothing but whitespace is left. */
    final void expectEnd() throws JlstmFileException {
        if (peek() != -1) {
            throw syntaxError("expected the end of the header, found " + found());
        }
    }

    /** The next character, quoted for a message, or "the end of the header". */
    final String found() {
        int c = peek();
        if (c == -1) {
            return "the end of the header";
        }
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", c) : "'" + (char) c + "'";
    }

    /** Up to 60 characters of the text from {@code start}, for showing a value in a message. */
    final String excerpt(int start) {
        int end = Math.min(text.length(), start + 60);
        return text.substring(start, end) + (end < text.length() ? "..." : "");
    }
}
