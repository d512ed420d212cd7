package org.raypool.wire;

import java.util.HexFormat;

/**
 * Hex helper for tests: parses hex as the vector files write it (whitespace and newlines anywhere are ignored; no
 * offset columns) and prints bytes grouped in 32-bit words, 16 bytes per line, like
 * docs/protocol/vectors/asap-enrp.txt.
 */
public final class Hex {
    private Hex() {
    }

    public static byte[] parse(String hex) {
        String compact = hex.replaceAll("\\s+", "");
        if ((compact.length() & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + compact.length());
        }
        return HexFormat.of().parseHex(compact);
    }

    /** Lower-case hex, 32-bit words separated by spaces, a newline every 16 bytes. */
    public static String format(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 9 / 4 + 2);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(i % 16 == 0 ? '\n' : i % 4 == 0 ? " " : "");
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Lower-case hex without separators. */
    public static String compact(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
