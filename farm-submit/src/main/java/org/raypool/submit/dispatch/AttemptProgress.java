package org.raypool.submit.dispatch;

import org.raypool.submit.session.SessionListener;
import org.raypool.submit.session.Worker;

/** An attempt's steps, for the progress display and the dispatcher's stall watchdog. Must not block. */
public interface AttemptProgress extends SessionListener {

    /** The session connects to {@code worker} now. */
    default void connecting(Worker worker) {}

    /**
     * The session with the worker completed with status 0: its slot is free for the next job while this attempt
     * still stores the image. (After a failure the attempt ends at once, and its result may make the worker one
     * that gets no further job: the slot is given back with that result.)
     */
    default void sessionEnded() {}
}
