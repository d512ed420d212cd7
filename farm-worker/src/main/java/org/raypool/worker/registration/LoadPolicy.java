package org.raypool.worker.registration;

import java.util.Optional;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * The policy a worker registers, with its load filled in (docs/protocol/scripting-service.md §5.4). Without
 * {@code --policy} it is Least Used with Degradation, degradation {@code rint(1/maxSessions × 0xFFFFFFFF)}. Each
 * active session adds {@code floor(0xFFFFFFFF / maxSessions)} to the load word of any policy that has one.
 *
 * @param base        the policy with load 0
 * @param maxSessions the session limit the load is a fraction of
 */
public record LoadPolicy(PoolMemberSelectionPolicy base, int maxSessions) {

    public LoadPolicy {
        if (base == null || maxSessions < 1) {
            throw new IllegalArgumentException("a load policy needs a policy and at least one session");
        }
    }

    /** {@code configured} as given by {@code --policy}, else RSPLIB's Scripting Service default. */
    public static LoadPolicy of(Optional<PoolMemberSelectionPolicy> configured, int maxSessions) {
        return new LoadPolicy(configured.orElseGet(() -> PoolMemberSelectionPolicy.leastUsedDegradation(0,
                PoolMemberSelectionPolicy.fraction(1.0 / maxSessions))), maxSessions);
    }

    /** What one session adds to the load word. */
    public long sessionLoad() {
        return PoolMemberSelectionPolicy.MAX_FRACTION / maxSessions;
    }

    /** The policy to register while {@code activeSessions} sessions run. */
    public PoolMemberSelectionPolicy forSessions(int activeSessions) {
        if (!base.has(PolicyType.Word.LOAD)) {
            return base;
        }
        long load = Math.min(PoolMemberSelectionPolicy.MAX_FRACTION, Math.max(0, activeSessions) * sessionLoad());
        return base.with(PolicyType.Word.LOAD, load);
    }
}
