package org.raypool.submit.pack;

/** A work package cannot be built; the message says which file is at fault and what to do. */
public class PackageException extends Exception {

    public PackageException(String message) {
        super(message);
    }

    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
