package org.raypool.asap;

import java.io.IOException;

/** The registrar answered, but has no pool element in the pool asked for. */
public final class UnknownPoolException extends IOException {
    public UnknownPoolException(String message) {
        super(message);
    }
}
