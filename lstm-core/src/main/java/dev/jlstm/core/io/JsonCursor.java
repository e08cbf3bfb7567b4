package dev.jlstm.core.io;

/**
 * Reads the tokens of strict JSON (RFC 8259) from a safetensors header: strings with every escape
 * checked, numbers by the exact JSON grammar. Objects and arrays are walked by the caller, which
 * knows the schema; nothing here recurses.
 */
final class JsonCursor extends HeaderCursor {

    JsonCursor(FileSource source, String text) {
        super(source, "the header is not valid JSON", text);
    }

    /** What kind of value starts next, in words for a message ("a string", "an array", ...). */
    String describeNext() {
        int c = peek();
        switch (c) {
            case '"': return "a string";
            case '{': return "an object";
            case '[': return "an array";
            case 't': return "true";
            case 'f': return "false";
            case 'n': return "null";
            case -1: return "the end of the header";
            default: return c == '-' || (c >= '0' && c <= '9') ? "a number" : found();
        }
    }

    /**
     * Reads a string (after whitespace).
     *
     * @param what what the string is, for the message if something else comes next
     */
    String readString(String what) throws JlstmFileException {
        if (peek() != '"') {
            throw syntaxError("expected " + what + " (a string), found " + found());
        }
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw syntaxError("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            } else if (c == '\\') {
                pos++;
                readEscape(sb);
            } else if (c < 0x20) {
                throw syntaxError(String.format("unescaped control character U+%04X in a string", (int) c));
            } else {
                // The text came from a strict UTF-8 decoder, so surrogates here are always paired.
                sb.append(c);
                pos++;
            }
        }
    }

    private void readEscape(StringBuilder sb) throws JlstmFileException {
        if (pos >= text.length()) {
            throw syntaxError("unterminated string");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': sb.append('"'); return;
            case '\\': sb.append('\\'); return;
            case '/': sb.append('/'); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'n': sb.append('\n'); return;
            case 'r': sb.append('\r'); return;
            case 't': sb.append('\t'); return;
            case 'u': break;
            default:
                pos--;
                throw syntaxError("invalid escape '\\" + c + "' in a string");
        }
        char u = readHex4();
        if (Character.isHighSurrogate(u)) {
            // A UTF-16 pair is written as two escapes; half of one is not a character.
            if (text.startsWith("\\u", pos)) {
                pos += 2;
                char low = readHex4();
                if (Character.isLowSurrogate(low)) {
                    sb.append(u).append(low);
                    return;
                }
            }
            throw syntaxError("unpaired surrogate escape in a string");
        }
        if (Character.isLowSurrogate(u)) {
            throw syntaxError("unpaired surrogate escape in a string");
        }
        sb.append(u);
    }

    private char readHex4() throws JlstmFileException {
        if (pos + 4 > text.length()) {
            throw syntaxError("incomplete \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexValue(text.charAt(pos));
            if (digit < 0) {
                throw syntaxError("invalid hex digit in a \\u escape");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Reads a number (after whitespace) by the JSON grammar and returns its text, e.g. "-12.5e3".
     *
     * @param what what the number is, for the message if something else comes next
     */
    String readNumber(String what) throws JlstmFileException {
        int c = peek();
        if (c != '-' && !isDigit(c)) {
            throw syntaxError("expected " + what + " (a number), found " + found());
        }
        int start = pos;
        if (c == '-') {
            pos++;
        }
        if (!isDigit(current())) {
            throw syntaxError("expected a digit");
        }
        if (current() == '0') {
            pos++;
            if (isDigit(current())) {
                throw syntaxError("a number with a leading zero");
            }
        } else {
            skipDigits();
        }
        if (current() == '.') {
            pos++;
            if (!isDigit(current())) {
                throw syntaxError("expected a digit after the decimal point");
            }
            skipDigits();
        }
        if (current() == 'e' || current() == 'E') {
            pos++;
            if (current() == '+' || current() == '-') {
                pos++;
            }
            if (!isDigit(current())) {
                throw syntaxError("expected a digit in the exponent");
            }
            skipDigits();
        }
        return text.substring(start, pos);
    }

    private int current() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipDigits() {
        while (isDigit(current())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
