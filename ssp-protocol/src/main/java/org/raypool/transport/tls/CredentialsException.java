package org.raypool.transport.tls;

import java.io.IOException;

/** A credential file that cannot be used; the message is one line naming the file and the fix. */
public final class CredentialsException extends IOException {
    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
