package org.raypool.worker.job;

/** {@code --sandbox bwrap} was asked for but bubblewrap cannot run here; the message names the cause and the fix. */
public final class SandboxUnavailableException extends Exception {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
