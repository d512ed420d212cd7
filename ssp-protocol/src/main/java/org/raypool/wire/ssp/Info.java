package org.raypool.wire.ssp;

/** Validation of the Ready / Not Ready info string: up to 64 ASCII bytes, no NUL. */
final class Info {
    private Info() {
    }

    static String check(String info) {
        if (info == null) {
            throw new IllegalArgumentException("info must not be null (use \"\")");
        }
        if (info.length() > SspCodec.MAX_INFO) {
            throw new IllegalArgumentException(
                    "info has " + info.length() + " characters, at most " + SspCodec.MAX_INFO + " allowed");
        }
        for (int i = 0; i < info.length(); i++) {
            char c = info.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException(
                        "info character " + i + " is 0x" + Integer.toHexString(c) + ", only ASCII without NUL allowed");
            }
        }
        return info;
    }
}
