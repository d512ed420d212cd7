package org.raypool.worker.job;

/** No tier of the {@code --sandbox} asked for can run here; the message names the causes and the fixes, in one line. */
public final class SandboxUnavailableException extends Exception {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
