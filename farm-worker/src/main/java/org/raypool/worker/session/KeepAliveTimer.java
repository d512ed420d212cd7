package org.raypool.worker.session;

import java.time.Duration;

/**
 * The pool element's keep-alive while a job runs (spec §5.2 WORKING and its notes). Checked on every processing
 * tick: the first Keep-Alive goes out on the first tick; the next one KeepAliveInterval after the previous one
 * was sent, once that one was acknowledged; an unacknowledged Keep-Alive times out KeepAliveTimeout after it was
 * sent. Not thread-safe: the session's thread owns it.
 */
final class KeepAliveTimer {
    enum Action { NONE, SEND, TIMEOUT }

    private final long intervalNanos;
    private final long timeoutNanos;
    private boolean sentBefore;
    private boolean waiting;
    private long lastSent;

    KeepAliveTimer(Duration interval, Duration timeout) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    /** What to do at {@code now} (a {@link System#nanoTime()} value); SEND also records the Keep-Alive as sent. */
    Action onTick(long now) {
        if (waiting) {
            return now - lastSent >= timeoutNanos ? Action.TIMEOUT : Action.NONE;
        }
        if (!sentBefore || now - lastSent >= intervalNanos) {
            sentBefore = true;
            waiting = true;
            lastSent = now;
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
