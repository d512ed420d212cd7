package org.raypool.wire.param;

import java.util.Objects;
import java.util.Optional;

/**
 * Pool Element parameter (0x000A, docs/protocol/asap-enrp-wire.md §4.6). The codec does not judge semantics: identifier
 * 0, home 0 in ENRP, an ASAP transport in a Registration or its absence in a Handle Update are all representable,
 * because the registrar answers them with specific causes (0xF000, 0xF006).
 *
 * @param identifier              PE identifier (opaque 32 bits)
 * @param homeRegistrarIdentifier home ENRP server ID, 0 = unknown
 * @param registrationLife        milliseconds, unsigned 32-bit
 * @param userTransport           where PUs reach the PE
 * @param policy                  the PE's selection policy and its current values
 * @param asapTransport           the PE's ASAP endpoint as seen by its home PR; only in ENRP messages
 */
public record PoolElement(int identifier, int homeRegistrarIdentifier, long registrationLife,
        TransportParameter userTransport, PoolMemberSelectionPolicy policy, Optional<TransportParameter> asapTransport)
        implements Parameter {

    public PoolElement {
        if (registrationLife < 0 || registrationLife > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("registration life is unsigned 32-bit: " + registrationLife);
        }
        Objects.requireNonNull(userTransport, "userTransport");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(asapTransport, "asapTransport");
    }

    /** A PE as an ASAP client describes it (no ASAP transport). */
    public PoolElement(int identifier, int homeRegistrarIdentifier, long registrationLife,
            TransportParameter userTransport, PoolMemberSelectionPolicy policy) {
        this(identifier, homeRegistrarIdentifier, registrationLife, userTransport, policy, Optional.empty());
    }

    public PoolElement withAsapTransport(TransportParameter transport) {
        return new PoolElement(identifier, homeRegistrarIdentifier, registrationLife, userTransport, policy,
                Optional.of(transport));
    }

    /** The form sent in Handle Resolution Responses (docs/protocol/asap-enrp-wire.md §4.6: no ASAP transport there). */
    public PoolElement withoutAsapTransport() {
        return new PoolElement(identifier, homeRegistrarIdentifier, registrationLife, userTransport, policy,
                Optional.empty());
    }

    public PoolElement withHomeRegistrarIdentifier(int home) {
        return new PoolElement(identifier, home, registrationLife, userTransport, policy, asapTransport);
    }

    public PoolElement withUserTransport(TransportParameter transport) {
        return new PoolElement(identifier, homeRegistrarIdentifier, registrationLife, transport, policy,
                asapTransport);
    }

    public PoolElement withPolicy(PoolMemberSelectionPolicy newPolicy) {
        return new PoolElement(identifier, homeRegistrarIdentifier, registrationLife, userTransport, newPolicy,
                asapTransport);
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.POOL_ELEMENT;
    }

    @Override
    public String toString() {
        return String.format("PoolElement[0x%08x, home=0x%08x, life=%d ms, user=%s, %s%s]", identifier,
                homeRegistrarIdentifier, registrationLife, userTransport, policy,
                asapTransport.map(t -> ", asap=" + t).orElse(""));
    }
}
