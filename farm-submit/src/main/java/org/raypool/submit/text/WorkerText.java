package org.raypool.submit.text;

/**
 * Text that came from a worker (Ready and Not Ready info, the render log, names in the result archive) made safe
 * for a terminal, a log file and the contact sheet: control characters go, and so does every escape sequence
 * whole, so that a worker can neither set the window title (OSC 0) nor clear the screen (CSI 2J), nor move the
 * cursor to overwrite what farm-submit printed. Removed (ECMA-48 names): the C0 controls (newline and tab are kept
 * in {@link Layout#LINES} text, else each becomes a space), DEL, the C1 controls U+0080..U+009F; the sequences
 * ESC [ ... final and CSI ... final (control sequences), ESC ] / P / X / ^ / _ and OSC, DCS, SOS, PM, APC up to
 * their BEL or ST (ESC \ or U+009C; CAN or SUB cancel; an unterminated one runs to the end of the text, as it
 * would on a terminal), and any other ESC with its intermediate and final bytes. Every worker text passes through
 * {@link #strip} where farm-submit first takes it in.
 */
public final class WorkerText {

    /** Whether the text is one line (info, a name) or many (a log). */
    public enum Layout { LINE, LINES }

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char CAN = 0x18;
    private static final char SUB = 0x1a;
    private static final char CSI = 0x9b;
    private static final char ST = 0x9c;

    private WorkerText() {}

    /** {@code text} without control characters and escape sequences; null stays null. */
    public static String strip(String text, Layout layout) {
        if (text == null || clean(text, layout)) return text;
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC && i + 1 < n) {
                char next = text.charAt(i + 1);
                if (next == '[') {
                    i = afterControlSequence(text, i + 2);
                } else if (startsString(next)) {
                    i = afterString(text, i + 2);
                } else {
                    i = afterEscape(text, i + 1);
                }
            } else if (c == CSI) {
                i = afterControlSequence(text, i + 1);
            } else if (c == 0x9d || c == 0x90 || c == 0x98 || c == 0x9e || c == 0x9f) {
                i = afterString(text, i + 1);
            } else {
                if (c == '\n' || c == '\t') {
                    out.append(layout == Layout.LINES ? c : ' ');
                } else if (!isControl(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static boolean clean(String text, Layout layout) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || (layout == Layout.LINE && (c == '\n' || c == '\t'))) return false;
        }
        return true;
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    /** ESC ] (OSC), P (DCS), X (SOS), ^ (PM), _ (APC): a string follows up to its terminator. */
    private static boolean startsString(char c) {
        return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
    }

    /** Parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, a final byte 0x40-0x7E (ECMA-48 §5.4). */
    private static int afterControlSequence(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c >= 0x40 && c <= 0x7e) return i + 1;
            if (c < 0x20 || c > 0x3f) return i; // not part of a sequence: the sequence is broken off, c is read anew
            i++;
        }
        return i;
    }

    /** Up to BEL or ST (ESC \ or U+009C), or CAN / SUB, which cancel it; else to the end. */
    private static int afterString(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == BEL || c == ST || c == CAN || c == SUB) return i + 1;
            if (c == ESC && i + 1 < text.length() && text.charAt(i + 1) == '\\') return i + 2;
        }
        return text.length();
    }

    /** ESC, intermediate bytes 0x20-0x2F, a final byte 0x30-0x7E (ECMA-48 §5.3, e.g. ESC c, ESC ( B). */
    private static int afterEscape(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) i++;
        if (i < text.length() && text.charAt(i) >= 0x30 && text.charAt(i) <= 0x7e) return i + 1;
        return i;
    }
}
