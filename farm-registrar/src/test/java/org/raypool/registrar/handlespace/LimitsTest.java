package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.pe;
import static org.raypool.registrar.handlespace.Fixtures.rejected;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** The bounds and fixed pool policies of docs/protocol/registrar-behaviour.md §3.9, on values. */
class LimitsTest {
    private static final Object ASSOCIATION = new Object();
    private static final Object OTHER_ASSOCIATION = new Object();

    private static Handlespace limited(int pools, int pes, int perConnection, Map<PoolHandle, PolicyType> fixed) {
        return Fixtures.handlespace(HandlespaceConfig.defaults(OWN)
                .withLimits(new HandlespaceLimits(pools, pes, perConnection, fixed)));
    }

    @Test
    void aFixedPolicyRefusesASquatterOfTheEmptyPool() {
        Handlespace hs = limited(10, 10, 10, Map.of(SCRIPTING, PolicyType.LEAST_USED));
        RegistrationResult squat = hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION);
        assertEquals(Rejection.FIXED_POOL_POLICY, rejected(squat));
        assertEquals(ErrorCause.POOLING_POLICY_INCONSISTENT, Rejection.FIXED_POOL_POLICY.cause());
        assertEquals(0, hs.poolCount(), "nothing created");
        accepted(hs.registerOrUpdate(SCRIPTING, pe(2, PoolMemberSelectionPolicy.leastUsed(0)), OTHER_ASSOCIATION));
        accepted(hs.registerOrUpdate(FRACTAL, rr(3), ASSOCIATION));
    }

    @Test
    void poolsAreBounded() {
        Handlespace hs = limited(1, 10, 10, Map.of());
        accepted(hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION));
        assertEquals(Rejection.LIMIT_REACHED, rejected(hs.registerOrUpdate(FRACTAL, rr(2), ASSOCIATION)));
        assertEquals(ErrorCause.LACK_OF_RESOURCES, Rejection.LIMIT_REACHED.cause());
        accepted(hs.registerOrUpdate(SCRIPTING, rr(2), ASSOCIATION));
        assertEquals(1, hs.poolCount());
    }

    @Test
    void poolElementsAreBoundedInAllAndLearnedOnesCount() {
        Handlespace hs = limited(10, 2, 10, Map.of());
        accepted(hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION));
        accepted(hs.registerOrUpdate(FRACTAL, Fixtures.foreign(2, Fixtures.PEER), null));
        assertEquals(Rejection.LIMIT_REACHED, rejected(hs.registerOrUpdate(SCRIPTING, rr(3), OTHER_ASSOCIATION)));
        assertEquals(Rejection.LIMIT_REACHED, rejected(hs.registerOrUpdate(FRACTAL, Fixtures.foreign(4, 7), null)));
        accepted(hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION));
        assertEquals(2, hs.size(), "an update in place needs no room");
    }

    @Test
    void poolElementsPerAssociationAreBounded() {
        Handlespace hs = limited(10, 10, 2, Map.of());
        accepted(hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION));
        accepted(hs.registerOrUpdate(FRACTAL, rr(2), ASSOCIATION));
        assertEquals(Rejection.LIMIT_REACHED, rejected(hs.registerOrUpdate(SCRIPTING, rr(3), ASSOCIATION)));
        accepted(hs.registerOrUpdate(SCRIPTING, rr(3), OTHER_ASSOCIATION));
        accepted(hs.registerOrUpdate(SCRIPTING, rr(1), ASSOCIATION));
        assertEquals(Rejection.LIMIT_REACHED, rejected(hs.registerOrUpdate(SCRIPTING, rr(3), ASSOCIATION)),
                "moving a PE onto a full association is refused too");
        assertTrue(hs.lookup(SCRIPTING, 3).orElseThrow().connection() == OTHER_ASSOCIATION);
        accepted(hs.registerOrUpdate(FRACTAL, Fixtures.foreign(9, Fixtures.PEER), null));
    }
}
