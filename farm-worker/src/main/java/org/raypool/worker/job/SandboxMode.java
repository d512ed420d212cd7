package org.raypool.worker.job;

import java.util.Locale;

/** The worker's {@code --sandbox} choice. */
public enum SandboxMode {
    /** bubblewrap if it is installed and works on this machine, else unsandboxed with a warning. */
    AUTO,
    /** bubblewrap or refuse to start. */
    BWRAP,
    /** No sandbox: jobs see the machine as the worker does (less root, see {@link SandboxConfig#jobUser()}). */
    NONE;

    /** Parses the CLI spelling ({@code auto}, {@code bwrap}, {@code none}), case-insensitively. */
    public static SandboxMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sandbox mode '" + text + "' (expected auto, bwrap or none)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
