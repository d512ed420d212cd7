package org.raypool.submit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.raypool.submit.text.WorkerText.Layout;

class WorkerTextTest {

    private static String bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) a[i] = (byte) b[i];
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    private static void assertNoControl(String s) {
        for (char c : s.toCharArray()) {
            assertTrue(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)),
                    "control 0x" + Integer.toHexString(c) + " left in '" + s + "'");
        }
    }

    @Test
    void windowTitleOscIsRemovedWhole() {
        // OSC 0 ; title BEL and OSC 2 ; title ST
        String in = "node1" + bytes(0x1b) + "]0;pwned" + bytes(0x07) + " ok" + bytes(0x1b) + "]2;x" + bytes(0x1b) + "\\!";
        assertEquals("node1 ok!", WorkerText.strip(in, Layout.LINE));
    }

    @Test
    void screenClearAndCursorMovesAreRemovedWhole() {
        String in = bytes(0x1b) + "[2J" + bytes(0x1b) + "[H" + "Parsing" + bytes(0x1b) + "[1;31m red"
                + bytes(0x1b) + "[0m\n" + bytes(0x1b) + "[?25l" + "done";
        assertEquals("Parsing red\ndone", WorkerText.strip(in, Layout.LINES));
    }

    @Test
    void eightBitCsiAndOscAreRemovedWhole() {
        String in = "a" + bytes(0x9b) + "2J" + "b" + bytes(0x9d) + "0;title" + bytes(0x9c) + "c" + bytes(0x90) + "q#0"
                + bytes(0x1b) + "\\d";
        assertEquals("abcd", WorkerText.strip(in, Layout.LINE));
    }

    @Test
    void otherEscapeSequencesAndControlsGo() {
        // ESC c (full reset), ESC ( B (charset), BS, CR, BEL, DEL, NUL, a lone ESC at the end
        String in = bytes(0x1b) + "c" + "x" + bytes(0x1b) + "(B" + "y" + bytes(0x08, 0x0d, 0x07, 0x7f, 0x00) + "z"
                + bytes(0x1b);
        assertEquals("xyz", WorkerText.strip(in, Layout.LINE));
    }

    @Test
    void newlineAndTabKeptOnlyInLines() {
        String in = "line 1\r\n\tline 2";
        assertEquals("line 1\n\tline 2", WorkerText.strip(in, Layout.LINES));
        assertEquals("line 1  line 2", WorkerText.strip(in, Layout.LINE));
    }

    @Test
    void unterminatedStringRunsToTheEndAndBrokenCsiKeepsWhatFollows() {
        assertEquals("keep", WorkerText.strip("keep" + bytes(0x1b) + "]0;never ends\nmore", Layout.LINES));
        // a control sequence broken off by a newline: the newline is read anew
        assertEquals("a\nb", WorkerText.strip("a" + bytes(0x1b) + "[12\nb", Layout.LINES));
    }

    @Test
    void cleanTextIsReturnedAsItIsAndUnicodeStays() {
        String plain = "Rendered 640x480 on nodé-1 — 12.3 s";
        assertSame(plain, WorkerText.strip(plain, Layout.LINE));
        assertEquals(null, WorkerText.strip(null, Layout.LINE));
    }

    @Test
    void everyByteValueLeavesNoControl() {
        StringBuilder all = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < 0x100; c++) all.append((char) c).append('x');
        }
        assertNoControl(WorkerText.strip(all.toString(), Layout.LINES));
        String line = WorkerText.strip(all.toString(), Layout.LINE);
        assertNoControl(line);
        assertTrue(line.indexOf('\n') < 0 && line.indexOf('\t') < 0);
    }
}
