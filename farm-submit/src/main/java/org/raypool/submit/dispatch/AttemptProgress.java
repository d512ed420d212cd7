package org.raypool.submit.dispatch;

import org.raypool.submit.session.SessionListener;
import org.raypool.submit.session.Worker;

/** An attempt's steps, for the progress display and the dispatcher's stall watchdog. Must not block. */
public interface AttemptProgress extends SessionListener {

    /** Handle resolution picked {@code worker}; the session connects to it now. */
    default void connecting(Worker worker) {}
}
