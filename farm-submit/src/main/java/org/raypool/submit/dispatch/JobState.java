package org.raypool.submit.dispatch;

/** Where a job stands, as the progress display and the summary show it. */
public enum JobState {
    QUEUED("queued", false),
    CONNECTING("connecting", false),
    UPLOADING("uploading", false),
    RENDERING("rendering", false),
    DOWNLOADING("downloading", false),
    RETRY_WAIT("retry", false),
    DONE("done", true),
    SKIPPED("skipped", true),
    FAILED("failed", true),
    CANCELLED("not rendered", true);

    private final String label;
    private final boolean terminal;

    JobState(String label, boolean terminal) {
        this.label = label;
        this.terminal = terminal;
    }

    public String label() {
        return label;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Rendered now or before: what counts as success for the exit code. */
    public boolean isSuccess() {
        return this == DONE || this == SKIPPED;
    }
}
