package org.raypool.wire.csp;

/**
 * One entry of a report's association list (docs/protocol/csp.md §2.3, §5): a live connection to another component.
 *
 * @param receiver       the peer
 * @param durationMicros microseconds since the connection was made; {@link #UNKNOWN_DURATION} when not known
 * @param flags          always 0 (none is defined)
 * @param protocolId     IP protocol number of the transport: {@link #SCTP}, {@link #TCP}, {@link #UDP}
 * @param ppid           SCTP payload protocol identifier of what runs on it: {@link #PPID_ASAP}, ...
 */
public record ComponentAssociation(ComponentId receiver, long durationMicros, int flags, int protocolId, long ppid) {
    public static final long UNKNOWN_DURATION = -1L;
    public static final int SCTP = 132;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final long PPID_ASAP = 11;
    public static final long PPID_ENRP = 12;
    public static final long PPID_SCRIPTING = 35;

    public ComponentAssociation {
        java.util.Objects.requireNonNull(receiver, "receiver");
        if (flags < 0 || flags > 0xFFFF) throw new IllegalArgumentException("flags must be 16 bits: " + flags);
        if (protocolId < 0 || protocolId > 0xFFFF) throw new IllegalArgumentException("protocol must be 16 bits");
        if (ppid < 0 || ppid > 0xFFFF_FFFFL) throw new IllegalArgumentException("PPID must be 32 bits: " + ppid);
    }

    /** An association with flags 0; a negative duration means unknown. */
    public static ComponentAssociation of(ComponentId receiver, long durationMicros, int protocolId, long ppid) {
        return new ComponentAssociation(receiver, durationMicros < 0 ? UNKNOWN_DURATION : durationMicros, 0,
                protocolId, ppid);
    }

    /** The IP protocol number of a RayPool transport name ("sctp" or "tcp"). */
    public static int protocolOf(String transportName) {
        return "sctp".equals(transportName) ? SCTP : TCP;
    }

    public boolean durationKnown() {
        return durationMicros != UNKNOWN_DURATION;
    }
}
