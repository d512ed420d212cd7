package org.raypool.submit.session;

import java.time.Duration;

/**
 * The pool user's timers (docs/protocol/scripting-service.md §6.4); defaults below.
 *
 * @param keepAliveInterval a Keep-Alive goes out this long after the last Keep-Alive Ack (or the connect)
 * @param keepAliveTimeout  the worker is given up when the Ack for a Keep-Alive has not come this long after it
 *                          was sent ([PROJECT] note of §6.3: measured from the send, not from the last Ack)
 * @param transmitTimeout   how long one blocking send (Upload, Environment) may take
 * @param connectTimeout    how long connecting to the worker may take (RSPLIB's session layer: 5 s)
 */
public record SessionTimers(Duration keepAliveInterval, Duration keepAliveTimeout, Duration transmitTimeout,
        Duration connectTimeout) {

    /**
     * 5 s / 5 s where RSPLIB's scriptingclient has 10 s / 10 s (KeepAliveInterval, KeepAliveTimeout in
     * scriptingclient.cc; its -retrydelay, 10 s, we no longer wait after a lost worker): a worker cut off without a
     * reset is given up within 10 s instead of 20 s, while its slot idles. Both stay far above what a live worker
     * needs to answer (a loopback or LAN round trip, plus a JVM thread scheduled beside a POV-Ray that takes every
     * core: milliseconds), and one 4-byte Keep-Alive and its 8-byte Ack every 5 s per session cost nothing.
     */
    public static final long DEFAULT_KEEP_ALIVE_INTERVAL_MS = 5_000;
    public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

    public static final SessionTimers DEFAULTS = new SessionTimers(Duration.ofMillis(DEFAULT_KEEP_ALIVE_INTERVAL_MS),
            Duration.ofMillis(DEFAULT_KEEP_ALIVE_TIMEOUT_MS), Duration.ofMillis(59_500), Duration.ofMillis(5_000));

    public SessionTimers {
        for (Duration d : new Duration[] {keepAliveInterval, keepAliveTimeout, transmitTimeout, connectTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("session timers must be positive: " + d);
            }
        }
    }

    /**
     * How long the session waits, before processing has started, for the worker's next message (Ready, the
     * Environment reply, Status 0). We send no Keep-Alive in those states ([PROJECT] note of §6.4), so this is
     * the time after which RSPLIB's client would have sent one and given up waiting for its Ack.
     */
    public Duration answerTimeout() {
        return keepAliveInterval.plus(keepAliveTimeout);
    }
}
