package org.raypool.transport.tls;

import java.time.Duration;

/**
 * Bounds on the TLS handshakes of accepted connections (docs/security.md, "Handshake bounds"): they run before any
 * association exists, so before the registrar's associations-per-address quota, and a peer that connects and stays
 * silent must not hold them all. At most {@code inProgress} handshakes at once on a listening endpoint, at most
 * {@code perAddress} from one source address, each done within {@code timeout}.
 */
public record HandshakeLimits(int inProgress, int perAddress, Duration timeout) {

    /** 64 at once, 8 per address, 5 s: a real handshake takes milliseconds, a lab PC opens a few at a time. */
    public static final HandshakeLimits DEFAULTS = new HandshakeLimits(64, 8, Duration.ofSeconds(5));

    public HandshakeLimits {
        if (inProgress < 1) throw new IllegalArgumentException("at least one handshake at once, not " + inProgress);
        if (perAddress < 1 || perAddress > inProgress) {
            throw new IllegalArgumentException("handshakes per address must be in 1.." + inProgress + ", not "
                    + perAddress);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive, not " + timeout);
        }
    }
}
