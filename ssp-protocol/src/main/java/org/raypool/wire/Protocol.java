package org.raypool.wire;

/**
 * The three protocols RayPool speaks and their SCTP payload protocol identifiers (docs/protocol/asap-enrp-wire.md
 * §1.1). Over TCP the protocol is fixed per connection instead (docs/protocol/asap-enrp-wire.md §1.3 item 3).
 */
public enum Protocol {
    ASAP(11, true),
    ENRP(12, true),
    SSP(35, false);

    /** PPIDs used by RSPLIB before August 2011; accepted on receipt, never sent. */
    public static final int LEGACY_ASAP_PPID = 0xFAEEB5D1;
    public static final int LEGACY_ENRP_PPID = 0xFAEEB5D2;
    public static final int LEGACY_SSP_PPID = 0x29097604;

    private final int ppid;
    private final boolean padded;

    Protocol(int ppid, boolean padded) {
        this.ppid = ppid;
        this.padded = padded;
    }

    public int ppid() {
        return ppid;
    }

    /** ASAP and ENRP messages are padded to 4 bytes on a byte stream; SSP never is. */
    public boolean padded() {
        return padded;
    }

    /** The protocol for a received PPID, current or legacy; {@code null} for anything else. */
    public static Protocol ofPpid(int ppid) {
        switch (ppid) {
            case 11: case LEGACY_ASAP_PPID: return ASAP;
            case 12: case LEGACY_ENRP_PPID: return ENRP;
            case 35: case LEGACY_SSP_PPID: return SSP;
            default: return null;
        }
    }
}
