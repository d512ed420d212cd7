package org.raypool.worker.session;

import java.time.Duration;

/**
 * The pool element's session timers (docs/protocol/scripting-service.md §5.6).
 *
 * @param transmitTimeout   first Upload after Ready, gap between Uploads, and the limit of one blocking send
 *                          ({@code -sstransmittimeout}, 30 000 ms)
 * @param keepAliveInterval Keep-Alive period while the job runs ({@code -sskeepaliveinterval}, 15 000 ms)
 * @param keepAliveTimeout  how long a Keep-Alive may stay unanswered, from the moment it was sent
 *                          ({@code -sskeepalivetimeout}, 10 000 ms)
 * @param processingTick    how often a running job and the keep-alive are checked (1 000 ms, no RSPLIB option)
 * @param uploadDeadline    the whole upload (work package and environment), from Ready to its last byte; a client
 *                          that trickles bytes just inside the transmit timeout is cut off here (slowloris,
 *                          docs/sandbox.md; no RSPLIB option)
 */
public record SessionTimers(Duration transmitTimeout, Duration keepAliveInterval, Duration keepAliveTimeout,
        Duration processingTick, Duration uploadDeadline) {

    public static final Duration DEFAULT_TRANSMIT_TIMEOUT = Duration.ofMillis(30_000);
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofMillis(15_000);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofMillis(10_000);
    public static final Duration DEFAULT_PROCESSING_TICK = Duration.ofMillis(1_000);
    public static final Duration DEFAULT_UPLOAD_DEADLINE = Duration.ofMinutes(10);

    public SessionTimers {
        for (Duration d : new Duration[] {transmitTimeout, keepAliveInterval, keepAliveTimeout, processingTick,
                uploadDeadline}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("session timers must be positive");
            }
        }
    }

    /** With the default upload deadline. */
    public SessionTimers(Duration transmitTimeout, Duration keepAliveInterval, Duration keepAliveTimeout,
            Duration processingTick) {
        this(transmitTimeout, keepAliveInterval, keepAliveTimeout, processingTick, DEFAULT_UPLOAD_DEADLINE);
    }

    public static SessionTimers defaults() {
        return new SessionTimers(DEFAULT_TRANSMIT_TIMEOUT, DEFAULT_KEEP_ALIVE_INTERVAL, DEFAULT_KEEP_ALIVE_TIMEOUT,
                DEFAULT_PROCESSING_TICK);
    }

    public SessionTimers withUploadDeadline(Duration value) {
        return new SessionTimers(transmitTimeout, keepAliveInterval, keepAliveTimeout, processingTick, value);
    }
}
