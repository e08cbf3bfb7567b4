package dev.jlstm.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header dictionary of a NumPy {@code .npy} file: parsing it, and writing it exactly as NumPy
 * does.
 *
 * <p>The header is a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. NumPy reads it with
 * {@code ast.literal_eval}; this reads the one shape of dict NumPy writes (string keys, a string, a
 * bool, a tuple of ints, optional trailing commas) and rejects everything else with a message.
 */
final class NpyHeader {

    /** The only dtype read and written: little-endian float32. */
    static final String FLOAT32 = "<f4";

    /** The magic string, "\x93NUMPY". */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The data starts at a multiple of this, as NumPy writes it (it reads any alignment). */
    private static final int ALIGN = 64;

    /**
     * NumPy leaves room in the header for the first dimension to grow to this many digits, so that
     * appending rows can rewrite the header in place; copied so our files are byte for byte NumPy's.
     */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private final long[] shape;

    private NpyHeader(long[] shape) {
        this.shape = shape;
    }

    /** The shape; every dimension is {@code >= 0} and fits an int, and the count fits a long. */
    long[] shape() {
        return shape;
    }

    /**
     * Parses and checks a header: the dtype must be {@code '<f4'}, the order C, the shape a tuple of
     * non-negative ints.
     *
     * @param python2Longs accept a trailing 'L' on ints, as Python 2 wrote them (format 1.0 and 2.0)
     */
    static NpyHeader parse(FileSource in, String text, boolean python2Longs) throws JlstmFileException {
        Parser p = new Parser(in, text, python2Longs);
        p.expect('{', "the header dictionary's '{'");
        String descr = null;
        Boolean fortranOrder = null;
        long[] shape = null;
        if (!p.consumeIf('}')) {
            do {
                if (p.peek() == '}') {
                    break; // a trailing comma, which NumPy writes
                }
                String key = p.readString("a key");
                p.expect(':', "':'");
                boolean repeated;
                switch (key) {
                    case "descr":
                        repeated = descr != null;
                        descr = p.readDescr();
                        break;
                    case "fortran_order":
                        repeated = fortranOrder != null;
                        fortranOrder = p.readBool("fortran_order");
                        break;
                    case "shape":
                        repeated = shape != null;
                        shape = p.readShape();
                        break;
                    default:
                        throw p.fail("the header has an unexpected key '" + key
                                + "' (expected exactly 'descr', 'fortran_order' and 'shape')");
                }
                if (repeated) {
                    throw p.fail("the header has the key '" + key + "' twice");
                }
            } while (p.consumeIf(','));
            p.expect('}', "',' or '}'");
        }
        p.expectEnd();
        if (descr == null || fortranOrder == null || shape == null) {
            String missing = descr == null ? "descr" : fortranOrder == null ? "fortran_order" : "shape";
            throw p.fail("the header has no '" + missing + "' (expected exactly 'descr', 'fortran_order' and 'shape')");
        }
        if (!descr.equals(FLOAT32)) {
            throw p.fail("dtype '" + descr + "' (" + describeDtype(descr) + ") is not supported; only float32 '"
                    + FLOAT32 + "' (little-endian) is supported");
        }
        if (fortranOrder) {
            throw p.fail("the array is in Fortran (column-major) order; only C order is supported"
                    + " (save np.ascontiguousarray(a) instead)");
        }
        if (Shapes.elementCount(shape) == Shapes.OVERFLOW) {
            throw p.fail("shape " + format(shape) + " has more elements than fit in 64 bits");
        }
        return new NpyHeader(shape);
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    static String format(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String list = Arrays.toString(shape);
        return "(" + list.substring(1, list.length() - 1) + ")";
    }

    /**
     * The complete preamble of a float32 C-order file of this shape, as {@code numpy.save} writes it:
     * magic, version, header length, the dict, spaces, and a newline that ends at a multiple of 64
     * bytes. Format 1.0 unless the header needs more than its 16-bit length (only for huge ranks), then
     * 2.0.
     */
    static byte[] encode(int[] shape) {
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        StringBuilder dict = new StringBuilder("{'descr': '").append(FLOAT32)
                .append("', 'fortran_order': False, 'shape': ").append(format(dims)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        int major = 1;
        int lengthBytes = 2;
        int total = paddedTotal(text.length, lengthBytes);
        int headerLength = total - MAGIC.length - 2 - lengthBytes;
        if (headerLength > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            total = paddedTotal(text.length, lengthBytes);
            headerLength = total - MAGIC.length - 2 - lengthBytes;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(text);
        while (out.remaining() > 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /**
     * The preamble's size: NumPy's {@code _wrap_header} pads the dict and its newline to the next
     * multiple of 64, and adds a whole 64 bytes of spaces when it already is one.
     */
    private static int paddedTotal(int dictBytes, int lengthBytes) {
        int unpadded = MAGIC.length + 2 + lengthBytes + dictBytes + 1;
        return unpadded + ALIGN - unpadded % ALIGN;
    }

    /** Names a NumPy dtype for a message, e.g. "float64" for {@code '<f8'}, "big-endian float32" for {@code '>f4'}. */
    static String describeDtype(String descr) {
        if (descr.length() < 3) {
            return "not a NumPy dtype";
        }
        String order;
        switch (descr.charAt(0)) {
            case '<': order = ""; break;
            case '>': order = "big-endian "; break;
            case '|': case '=': order = ""; break;
            default: return "not a NumPy dtype";
        }
        String size = descr.substring(2);
        String kind;
        switch (descr.charAt(1)) {
            case 'f': kind = "float"; break;
            case 'i': kind = "int"; break;
            case 'u': kind = "uint"; break;
            case 'c': kind = "complex"; break;
            case 'b': return order + "bool";
            case 'U': return order + "unicode string";
            case 'S': return "byte string";
            case 'O': return "Python object";
            case 'V': return "raw bytes";
            case 'M': return order + "datetime64";
            case 'm': return order + "timedelta64";
            default: return "not a NumPy dtype";
        }
        try {
            return order + kind + 8 * Integer.parseInt(size);
        } catch (NumberFormatException e) {
            return "not a NumPy dtype";
        }
    }

    /** The tokens of the Python literal: quoted strings, True/False, ints, tuples. */
    private static final class Parser extends HeaderCursor {
        private final boolean python2Longs;

        Parser(FileSource in, String text, boolean python2Longs) {
            super(in, "malformed .npy header", text);
            this.python2Longs = python2Longs;
        }

        /** A quoted string; escapes are refused, since no key or float32 descr needs one. */
        String readString(String what) throws JlstmFileException {
            int quote = peek();
            if (quote != '\'' && quote != '"') {
                throw syntaxError("expected " + what + " (a quoted string), found " + found());
            }
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos);
                if (c == '\\' || c == '\n' || c == '\r') {
                    throw syntaxError(c == '\\' ? "escape sequences are not supported" : "unterminated string");
                }
                pos++;
            }
            if (pos >= text.length()) {
                throw syntaxError("unterminated string");
            }
            return text.substring(start, pos++);
        }

        /** The dtype: a string, or a list for a structured dtype, which is refused right here. */
        String readDescr() throws JlstmFileException {
            int c = peek();
            if (c == '[' || c == '{' || c == '(') {
                throw fail("the array has a structured dtype (descr " + excerpt(pos) + "); only float32 '"
                        + FLOAT32 + "' (little-endian) is supported");
            }
            return readString("the dtype");
        }

        boolean readBool(String key) throws JlstmFileException {
            skipWhitespace();
            for (String literal : new String[] {"True", "False"}) {
                if (text.startsWith(literal, pos) && !isNameChar(pos + literal.length())) {
                    pos += literal.length();
                    return literal.equals("True");
                }
            }
            throw fail("'" + key + "' must be True or False, found " + excerpt(pos));
        }

        /**
         * A tuple of ints: {@code ()}, {@code (5,)}, {@code (2, 3)}. In Python {@code (5)} is the int 5,
         * not a tuple, and NumPy refuses it; so do we.
         */
        long[] readShape() throws JlstmFileException {
            int start = pos;
            if (peek() != '(') {
                throw fail("the shape must be a tuple of ints, found " + excerpt(start).trim());
            }
            pos++;
            long[] dims = new long[4];
            int n = 0;
            boolean comma = false;
            while (!consumeIf(')')) {
                if (n > 0 && !comma) {
                    throw syntaxError("expected ',' or ')' in the shape, found " + found());
                }
                if (n == dims.length) {
                    dims = Arrays.copyOf(dims, 2 * n);
                }
                dims[n++] = readDimension();
                comma = consumeIf(',');
            }
            if (n == 1 && !comma) {
                throw fail("the shape must be a tuple of ints, found " + text.substring(start, pos).trim()
                        + ", which is an int (a one-element tuple is written (" + dims[0] + ",))");
            }
            return Arrays.copyOf(dims, n);
        }

        private long readDimension() throws JlstmFileException {
            skipWhitespace();
            int start = pos;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw syntaxError("expected an int in the shape, found " + found());
            }
            String number = text.substring(start, pos);
            if (python2Longs && pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
                pos++;
            }
            if (isNameChar(pos) || (pos < text.length() && text.charAt(pos) == '.')) {
                throw fail("the shape has a dimension that is not an int: " + excerpt(start));
            }
            if (number.startsWith("-") && !number.matches("-0+")) {
                throw fail("the shape has a negative dimension " + number);
            }
            long value;
            try {
                value = Long.parseLong(number.startsWith("+") ? number.substring(1) : number);
            } catch (NumberFormatException e) {
                value = Long.MAX_VALUE;
            }
            if (value > Integer.MAX_VALUE) {
                throw fail("the shape has a dimension " + number + ", larger than " + Integer.MAX_VALUE);
            }
            return value;
        }

        private boolean isNameChar(int at) {
            return at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_');
        }
    }
}
