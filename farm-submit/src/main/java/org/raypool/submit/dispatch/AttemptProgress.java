package org.raypool.submit.dispatch;

import org.raypool.submit.session.SessionListener;
import org.raypool.submit.session.Worker;

/** An attempt's steps, for the progress display and the dispatcher's stall watchdog. Must not block. */
public interface AttemptProgress extends SessionListener {

    /** The session connects to {@code worker} now. */
    default void connecting(Worker worker) {}

    /**
     * The session with the worker is over (however it ended): its slot is free for the next job while this attempt
     * still stores its image.
     */
    default void sessionEnded() {}
}
