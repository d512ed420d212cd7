package org.raypool.transport.sctp;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * SCTP tests skip where the kernel has none; with {@code -Draypool.sctp.required=true} (scripts/test-sctp in the
 * SCTP guest) they fail instead, so a broken guest cannot pass by skipping.
 */
public final class SctpAvailability {
    private SctpAvailability() {}

    public static void assumeSctp() {
        String reason = SctpTransport.unavailableReason();
        if (reason == null) return;
        if (Boolean.getBoolean("raypool.sctp.required")) fail("SCTP required but the kernel has none: " + reason);
        Assumptions.abort("kernel has no SCTP: " + reason);
    }
}
