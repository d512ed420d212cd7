package org.raypool.transport;

import java.io.IOException;

/** Thrown by {@link Association#send} once the association is closed, aborted or lost. */
public final class ClosedAssociationException extends IOException {
    public ClosedAssociationException(String message) {
        super(message);
    }

    public ClosedAssociationException(String message, Throwable cause) {
        super(message, cause);
    }
}
