package org.raypool.registrar.handlespace;

import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PoolElement;

/**
 * Why the handlespace refused a registration or an update (docs/protocol/registrar-behaviour.md §3.2 step 5),
 * with the cause code to put into the Operation Error ({@code docs/protocol/asap-enrp-wire.md} §4.11).
 *
 * <p>{@link #cause()} is the project's choice (docs/protocol/asap-enrp-wire.md §4.11 recommendation): RFC 5354 codes
 * where RSPLIB's internal number has an RFC equivalent that RSPLIB peers still understand, i.e. 0x0007
 * with the offending user transport for a protocol mismatch. {@link #rsplibCause()} is what
 * RSPLIB's registrar itself sends. {@link #info()} says which TLV to attach;
 * {@link #errorCause(PoolElement)} builds the cause.
 *
 * <p>Address problems (0xF005 … 0xF008) are decided by the ASAP server before the handlespace
 * is asked. An invalid pool handle length (0xF004) cannot reach the handlespace: the wire
 * {@link org.raypool.wire.param.PoolHandle} has 1..32 bytes by construction.
 */
public enum Rejection {
    /** PE identifier 0. */
    INVALID_ID(ErrorCause.RSPLIB_INVALID_ID, ErrorCause.RSPLIB_INVALID_ID, CauseInfo.NONE),
    /** A policy type the selection code cannot handle. */
    INVALID_POOL_POLICY(ErrorCause.RSPLIB_INVALID_POLICY, ErrorCause.RSPLIB_INVALID_POLICY, CauseInfo.NONE),
    /** Policy type differs from the pool's ("Pooling Policy Inconsistent"). */
    INCOMPATIBLE_POOL_POLICY(ErrorCause.POOLING_POLICY_INCONSISTENT, ErrorCause.POOLING_POLICY_INCONSISTENT,
            CauseInfo.POLICY),
    /** User-transport protocol differs from the pool's ("Inconsistent Transport Type"). */
    INCONSISTENT_TRANSPORT_TYPE(ErrorCause.INCONSISTENT_TRANSPORT_TYPE, ErrorCause.RSPLIB_WRONG_PROTOCOL,
            CauseInfo.USER_TRANSPORT),
    /** Transport Use (control channel) differs from the pool's ("Inconsistent Data/Control Configuration"). */
    INCONSISTENT_DATA_CONTROL_CONFIGURATION(ErrorCause.INCONSISTENT_DATA_CONTROL_CONFIGURATION,
            ErrorCause.INCONSISTENT_DATA_CONTROL_CONFIGURATION, CauseInfo.NONE),
    /** Policy type differs from the one the admin fixed for the pool ({@code --pool-policy}, §3.9). */
    FIXED_POOL_POLICY(ErrorCause.POOLING_POLICY_INCONSISTENT, ErrorCause.POOLING_POLICY_INCONSISTENT,
            CauseInfo.POLICY),
    /** A new PE would cross a bound of {@link HandlespaceLimits} ("Lack of Resources", §3.9). */
    LIMIT_REACHED(ErrorCause.LACK_OF_RESOURCES, ErrorCause.LACK_OF_RESOURCES, CauseInfo.NONE);

    /** What the Operation Error cause carries as info. */
    public enum CauseInfo {
        NONE,
        /** The PE's Pool Member Selection Policy parameter. */
        POLICY,
        /** The PE's user transport parameter. */
        USER_TRANSPORT
    }

    private final int cause;
    private final int rsplibCause;
    private final CauseInfo info;

    Rejection(int cause, int rsplibCause, CauseInfo info) {
        this.cause = cause;
        this.rsplibCause = rsplibCause;
        this.info = info;
    }

    /** The cause code this project sends. */
    public int cause() {
        return cause;
    }

    /** The cause code RSPLIB's registrar sends (it attaches no info to these). */
    public int rsplibCause() {
        return rsplibCause;
    }

    public CauseInfo info() {
        return info;
    }

    /**
     * The error cause to send: {@link #cause()} with the TLV {@link #info()} names, taken from the
     * refused PE as it was offered.
     */
    public ErrorCause errorCause(PoolElement offered) {
        return switch (info) {
            case POLICY -> ErrorCause.withParameter(cause, offered.policy());
            case USER_TRANSPORT -> ErrorCause.withParameter(cause, offered.userTransport());
            case NONE -> ErrorCause.of(cause);
        };
    }
}
