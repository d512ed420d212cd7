package org.raypool.asap;

import java.io.IOException;

/** No registrar could be reached or answered in time; the message names what was tried and why it failed. */
public final class NoRegistrarException extends IOException {
    public NoRegistrarException(String message) {
        super(message);
    }
}
