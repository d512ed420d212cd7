package org.raypool.csp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often to report (docs/protocol/csp.md §6.1).
 *
 * @param server   the monitor's UDP address
 * @param interval the report period, 1 ms .. {@link #MAX_INTERVAL} (the field holds 32-bit microseconds)
 */
public record CspConfig(InetSocketAddress server, Duration interval) {
    /** RSPLIB's floor for CSP_INTERVAL and rspregistrar's interval when only a server is given. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(250);
    public static final Duration MAX_INTERVAL = Duration.ofMillis(4_294_967);

    public CspConfig {
        Objects.requireNonNull(server, "server");
        if (interval.toMillis() < 1 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("CSP interval must be 1.." + MAX_INTERVAL.toMillis() + " ms");
        }
    }

    public long intervalMicros() {
        return interval.toNanos() / 1000;
    }
}
