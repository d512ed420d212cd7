package org.raypool.transport.tls;

import java.util.OptionalLong;

/**
 * At most one log line per {@code interval} for a recurring event (a flood of refused connections must not flood
 * the log): {@link #line} says when to write one and how many events were left out since the last. Time is passed
 * in (nanoseconds, {@link System#nanoTime}); not thread-safe.
 */
public final class LogThrottle {

    private final long intervalNanos;
    private long lastLine;
    private boolean logged;
    private long leftOut;

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** An event at {@code now}: the number left out before it if a line is due now, else empty (it is counted). */
    public OptionalLong line(long now) {
        if (logged && now - lastLine < intervalNanos) {
            leftOut++;
            return OptionalLong.empty();
        }
        long before = leftOut;
        logged = true;
        lastLine = now;
        leftOut = 0;
        return OptionalLong.of(before);
    }
}
