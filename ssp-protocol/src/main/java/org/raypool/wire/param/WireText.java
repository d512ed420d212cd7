package org.raypool.wire.param;

/**
 * Cheap formatting for decoder error messages, which are built for every rejected input (String.format would
 * dominate the cost of rejecting garbage).
 */
public final class WireText {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private WireText() {
    }

    /** {@code 0x} and exactly {@code digits} lower-case hex digits of {@code value}. */
    public static String hex(long value, int digits) {
        char[] c = new char[digits + 2];
        c[0] = '0';
        c[1] = 'x';
        for (int i = digits + 1; i >= 2; i--) {
            c[i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(c);
    }
}
