package org.raypool.registrar.handlespace;

import java.util.Map;
import java.util.Optional;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;

/**
 * Bounds of the handlespace and the fixed pool policies (docs/protocol/registrar-behaviour.md §3.9). A new PE that
 * would cross a bound is refused with 0x0006 "Lack of Resources"; a PE with another policy than its pool's fixed one
 * with 0x0005 "Pooling Policy Inconsistent", also when the pool is empty, so that no first comer decides it.
 *
 * @param maxPools                     pools in the handlespace
 * @param maxPoolElements              PEs in all pools (owned and learned over ENRP)
 * @param maxPoolElementsPerConnection PEs registered over one association
 * @param fixedPolicies                pools whose policy type the admin fixed ({@code --pool-policy})
 */
public record HandlespaceLimits(int maxPools, int maxPoolElements, int maxPoolElementsPerConnection,
                                Map<PoolHandle, PolicyType> fixedPolicies) {

    public static final int DEFAULT_MAX_POOLS = 1_000;
    public static final int DEFAULT_MAX_POOL_ELEMENTS = 10_000;
    /** Room for bench/run-registrar-load's 1,000 PEs over 4 associations; a worker registers one per pool. */
    public static final int DEFAULT_MAX_POOL_ELEMENTS_PER_CONNECTION = 1_000;
    public static final HandlespaceLimits DEFAULTS = new HandlespaceLimits(DEFAULT_MAX_POOLS,
            DEFAULT_MAX_POOL_ELEMENTS, DEFAULT_MAX_POOL_ELEMENTS_PER_CONNECTION, Map.of());

    public HandlespaceLimits {
        if (maxPools < 1) throw new IllegalArgumentException("maxPools < 1");
        if (maxPoolElements < 1) throw new IllegalArgumentException("maxPoolElements < 1");
        if (maxPoolElementsPerConnection < 1) throw new IllegalArgumentException("maxPoolElementsPerConnection < 1");
        fixedPolicies = Map.copyOf(fixedPolicies);
    }

    public Optional<PolicyType> fixedPolicy(PoolHandle poolHandle) {
        return Optional.ofNullable(fixedPolicies.get(poolHandle));
    }

    public HandlespaceLimits withFixedPolicies(Map<PoolHandle, PolicyType> policies) {
        return new HandlespaceLimits(maxPools, maxPoolElements, maxPoolElementsPerConnection, policies);
    }
}
