package org.raypool.submit.session;

/**
 * What a session tells about its progress, for the progress display and the dispatcher's stall watchdog.
 * Called on the session's thread; implementations must not block.
 */
public interface SessionListener {

    /** The session is connected and the worker said Ready; the upload starts. */
    default void uploading(String workerInfo) {}

    /** The worker accepted the upload (Status 0) and runs the job. */
    default void processing(String workerInfo) {}

    /** The job ended on the worker with {@code status}; its results come down now. */
    default void downloading(int status) {}

    /** Something arrived from the worker or went out to it: the session is alive. */
    default void activity() {}

    SessionListener NONE = new SessionListener() {};
}
