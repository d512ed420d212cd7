package org.raypool.worker.session;

import java.time.Duration;

/**
 * The pool element's keep-alive while a job runs (docs/protocol/scripting-service.md §5.2 WORKING and its notes).
 * Checked on every processing tick: the first Keep-Alive goes out on the first tick; the next one KeepAliveInterval
 * after the previous one was sent, once that one was acknowledged; an unacknowledged Keep-Alive times out
 * KeepAliveTimeout after it was sent. No clock: time comes in as an argument; {@link SspServerSession} owns it.
 */
final class KeepAliveTimer {
    enum Action { NONE, SEND, TIMEOUT }

    private final long intervalMillis;
    private final long timeoutMillis;
    private boolean sentBefore;
    private boolean waiting;
    private long lastSent;

    KeepAliveTimer(Duration interval, Duration timeout) {
        this.intervalMillis = interval.toMillis();
        this.timeoutMillis = timeout.toMillis();
    }

    /** What to do at {@code nowMillis} (a monotonic millisecond count); SEND also records the Keep-Alive as sent. */
    Action onTick(long nowMillis) {
        if (waiting) {
            return nowMillis - lastSent >= timeoutMillis ? Action.TIMEOUT : Action.NONE;
        }
        if (!sentBefore || nowMillis - lastSent >= intervalMillis) {
            sentBefore = true;
            waiting = true;
            lastSent = nowMillis;
            return Action.SEND;
        }
        return Action.NONE;
    }

    void onAck() {
        waiting = false;
    }

    boolean waiting() {
        return waiting;
    }
}
