package org.raypool.worker.job;

/**
 * A work package was refused. The message is meant for people: it names the offending entry and says why, so
 * the session layer can log it as is.
 */
public final class WorkPackageException extends Exception {

    /** What was wrong with the package. */
    public enum Reason {
        UPLOAD_TOO_LARGE,
        EMPTY,
        NOT_AN_ARCHIVE,
        CORRUPT,
        ABSOLUTE_PATH,
        PATH_ESCAPE,
        PATH_TOO_LONG,
        BAD_NAME,
        LINK,
        SPECIAL_FILE,
        UNSUPPORTED_ENTRY,
        TOO_MANY_ENTRIES,
        TOO_LARGE,
        CONFLICT,
        MISSING_SSRUN
    }

    private final Reason reason;

    public WorkPackageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WorkPackageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
