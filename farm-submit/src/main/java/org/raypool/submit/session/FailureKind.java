package org.raypool.submit.session;

/** Why a session ended without the job's results. The dispatcher decides what each one means for the job. */
public enum FailureKind {
    /** The worker answered Not Ready (fully loaded) and closed. */
    NOT_READY("worker busy (Not Ready)", false),
    /** The worker could not be reached at the address it registered. */
    CONNECT_FAILED("cannot connect to the worker", true),
    /**
     * The TLS handshake with the worker failed: its certificate is not the farm's or has no worker role (or it
     * refused ours). A fault of the worker, which gets no further job of the batch (docs/security.md).
     */
    NOT_AUTHENTICATED("worker not authenticated", false),
    /** The association broke or the worker closed it in the middle of the session. */
    LOST("worker lost", true),
    /** The worker did not acknowledge a Keep-Alive in time, or did not answer at all. */
    KEEP_ALIVE_TIMEOUT("worker stopped answering", true),
    /** The worker sent something §6.2 does not allow in the session's state (or a malformed message). */
    PROTOCOL_ERROR("worker broke the session", false),
    /**
     * The worker sent more results than the job can produce ({@code DownloadBound}): a fault of the worker, which
     * gets no further job of the batch.
     */
    RESULTS_TOO_LARGE("worker sent too much", false),
    /** The job ran and failed on the worker (non-zero Status); its results were not downloaded. */
    JOB_FAILED("render failed", false),
    /** The session was aborted from our side (Ctrl-C, or the dispatcher gave the attempt up). */
    CANCELLED("cancelled", false);

    private final String description;
    private final boolean unreachable;

    FailureKind(String description, boolean unreachable) {
        this.description = description;
        this.unreachable = unreachable;
    }

    public String description() {
        return description;
    }

    /** True when the worker looks gone: such failures are reported to the registrar as Endpoint Unreachable. */
    public boolean workerUnreachable() {
        return unreachable;
    }
}
