package org.raypool.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-1 of an environment file, the cache key and the body of the SSP Environment message
 * (docs/protocol/scripting-service.md §4, §5.5).
 *
 * @param hex 40 lower-case hex digits
 */
public record EnvironmentHash(String hex) {
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

    public EnvironmentHash {
        if (hex == null || !HEX40.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-1 in lower-case hex: " + hex);
        }
    }

    /** From the 20 bytes carried in an Environment message. */
    public static EnvironmentHash of(byte[] sha1) {
        if (sha1.length != 20) {
            throw new IllegalArgumentException("a SHA-1 has 20 bytes, not " + sha1.length);
        }
        return new EnvironmentHash(HexFormat.of().formatHex(sha1));
    }

    public static boolean isHex(String text) {
        return HEX40.matcher(text).matches();
    }

    /** Hashes a whole file. */
    public static EnvironmentHash ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return of(digest.digest());
    }

    /** A fresh SHA-1 digest, for hashing an upload on the fly. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The cache file name, {@code <sha1 hex>.data}. */
    String fileName() {
        return hex + ".data";
    }

    @Override
    public String toString() {
        return hex;
    }
}
