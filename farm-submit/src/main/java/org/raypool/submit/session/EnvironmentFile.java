package org.raypool.submit.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional environment file of a session (§6.1): large, reusable data a worker caches by its SHA-1, uploaded
 * only when the worker asks for it.
 */
public record EnvironmentFile(byte[] bytes, byte[] sha1) {

    public EnvironmentFile {
        if (bytes.length == 0) throw new IllegalArgumentException("an environment file must not be empty");
        bytes = bytes.clone();
        sha1 = sha1.clone();
    }

    public static EnvironmentFile of(byte[] bytes) {
        try {
            return new EnvironmentFile(bytes, MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public byte[] sha1() {
        return sha1.clone();
    }
}
