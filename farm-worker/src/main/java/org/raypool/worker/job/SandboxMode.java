package org.raypool.worker.job;

import java.util.Locale;

/** The worker's {@code --sandbox} choice. */
public enum SandboxMode {
    /**
     * The first tier that runs here (bubblewrap, then util-linux unshare), probed once at start-up; when neither
     * runs the worker refuses to start (docs/sandbox.md).
     */
    AUTO,
    /** bubblewrap or refuse to start. */
    BWRAP,
    /** util-linux unshare (user, PID, mount, network, IPC and UTS namespaces) or refuse to start. */
    UNSHARE,
    /** No sandbox: jobs see the machine as the worker does (less root, see {@link SandboxConfig#jobUser()}). */
    NONE;

    /** Parses the CLI spelling ({@code auto}, {@code bwrap}, {@code unshare}, {@code none}), case-insensitively. */
    public static SandboxMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sandbox mode '" + text + "' (expected auto, bwrap, unshare or none)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
