package org.raypool.registrar.handlespace;

import java.util.Objects;

/**
 * What a registration (ASAP) or a Handle Update / Handle Table Response entry (ENRP) says about
 * one pool element; the handlespace copies it into a {@link PoolElementEntry}.
 *
 * @param <T>                    the registrar's transport record type (opaque here)
 * @param identifier             PE identifier; 0 is refused with 0xF000
 * @param homeRegistrarId        home registrar (the owner); for an ASAP registration the
 *                               registrar puts its own ID here
 * @param registrationLifeMillis Registration Life in ms (unsigned 32-bit)
 * @param userTransportProtocol  protocol of the user transport (must match the pool's)
 * @param controlChannel         Transport Use = 1 ("data plus control"); must match the pool's
 * @param userTransport          the user transport as the registrar stores it (opaque)
 * @param asapTransport          the PE's ASAP transport (opaque, may be null)
 * @param policy                 selection policy type and values
 */
public record PoolElement<T>(int identifier, int homeRegistrarId, long registrationLifeMillis,
                             TransportProtocol userTransportProtocol, boolean controlChannel,
                             T userTransport, T asapTransport, PolicySettings policy) {

    public PoolElement {
        Objects.requireNonNull(userTransportProtocol, "userTransportProtocol");
        Objects.requireNonNull(policy, "policy");
        if (registrationLifeMillis < 0 || registrationLifeMillis > PolicySettings.MAX_VALUE) {
            throw new IllegalArgumentException("registration life out of 32-bit range: " + registrationLifeMillis);
        }
    }

    public PoolElement<T> withHomeRegistrarId(int home) {
        return new PoolElement<>(identifier, home, registrationLifeMillis, userTransportProtocol,
                controlChannel, userTransport, asapTransport, policy);
    }

    public PoolElement<T> withPolicy(PolicySettings newPolicy) {
        return new PoolElement<>(identifier, homeRegistrarId, registrationLifeMillis,
                userTransportProtocol, controlChannel, userTransport, asapTransport, newPolicy);
    }

    public PoolElement<T> withAsapTransport(T transport) {
        return new PoolElement<>(identifier, homeRegistrarId, registrationLifeMillis,
                userTransportProtocol, controlChannel, userTransport, transport, policy);
    }
}
