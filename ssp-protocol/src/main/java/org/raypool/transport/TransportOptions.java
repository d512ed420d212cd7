package org.raypool.transport;

import java.time.Duration;

/**
 * Tunables shared by both transports.
 *
 * @param sendTimeout  how long {@link Association#send} may block before the association is aborted
 * @param closeTimeout how long a graceful close waits for the peer before aborting
 */
public record TransportOptions(Duration sendTimeout, Duration closeTimeout) {

    public static final TransportOptions DEFAULTS = new TransportOptions(Duration.ofSeconds(10), Duration.ofSeconds(5));

    public TransportOptions {
        if (sendTimeout.isNegative() || sendTimeout.isZero()) throw new IllegalArgumentException("sendTimeout must be > 0");
        if (closeTimeout.isNegative() || closeTimeout.isZero()) throw new IllegalArgumentException("closeTimeout must be > 0");
    }
}
