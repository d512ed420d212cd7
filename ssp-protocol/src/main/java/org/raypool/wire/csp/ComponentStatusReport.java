package org.raypool.wire.csp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A Component Status Report (docs/protocol/csp.md §2): the only CSP message.
 *
 * @param finalReport           the F flag: the sender is going away (§6.4)
 * @param sender                who reports
 * @param senderTimestampMicros microseconds since the sender's first report (cspmonitor's uptime)
 * @param reportIntervalMicros  the sender's report period in microseconds, 32 bits
 * @param location              where it runs, at most {@link #TEXT_BYTES} - 1 bytes of UTF-8 when encoded
 * @param status                one line of status, likewise
 * @param workload              the wire workload, see {@link Workload}
 * @param associations          its live connections
 */
public record ComponentStatusReport(boolean finalReport, ComponentId sender, long senderTimestampMicros,
        long reportIntervalMicros, String location, String status, int workload,
        List<ComponentAssociation> associations) {
    public static final int TEXT_BYTES = 128;
    /** Fits a 16-bit length and a 65,507-byte UDP payload (docs/protocol/csp.md §1). */
    public static final int MAX_ASSOCIATIONS = 2717;

    public ComponentStatusReport {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        associations = List.copyOf(associations);
        if (reportIntervalMicros < 0 || reportIntervalMicros > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("report interval must fit 32 bits of microseconds: "
                    + reportIntervalMicros);
        }
        if (workload < 0 || workload > 0xFFFF) throw new IllegalArgumentException("workload must be 16 bits");
        if (associations.size() > MAX_ASSOCIATIONS) {
            throw new IllegalArgumentException("at most " + MAX_ASSOCIATIONS + " associations fit in one report");
        }
    }

    /** The final report of {@code sender} (§6.4): no texts, workload 0, no associations. */
    public static ComponentStatusReport finalReport(ComponentId sender, long senderTimestampMicros,
            long reportIntervalMicros) {
        return new ComponentStatusReport(true, sender, senderTimestampMicros, reportIntervalMicros, "", "", 0,
                List.of());
    }

    /** The size of the encoded datagram: 288 + 24 per association. */
    public int encodedLength() {
        return CspCodec.FIXED_LENGTH + CspCodec.ASSOCIATION_LENGTH * associations.size();
    }

    /** {@code text} as at most 127 bytes of UTF-8, cut on a character boundary so that a NUL follows (§4.2). */
    static byte[] clip(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, TEXT_BYTES - 1);
        while (n > 0 && n < bytes.length && (bytes[n] & 0xC0) == 0x80) {
            n--;
        }
        return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
    }
}
