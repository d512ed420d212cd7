package org.raypool.transport.tls;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a TCP transport authenticates (docs/security.md): with {@code credentials}, a listening endpoint accepts only
 * peers whose certificate has one of {@code accepted}, and a connection is made only to a server whose certificate
 * has one of {@code required}. The handshakes of accepted connections are bounded by {@code handshakes}.
 */
public record TlsPolicy(Credentials credentials, Set<Role> accepted, Set<Role> required, HandshakeLimits handshakes) {

    public TlsPolicy {
        accepted = Set.copyOf(accepted);
        required = Set.copyOf(required);
        Objects.requireNonNull(handshakes, "handshakes");
    }

    /** With the default {@link HandshakeLimits}. */
    public TlsPolicy(Credentials credentials, Set<Role> accepted, Set<Role> required) {
        this(credentials, accepted, required, HandshakeLimits.DEFAULTS);
    }

    /** Listening for {@code accepted}; connections (if any) to peers of the same roles. */
    public static TlsPolicy accepting(Credentials credentials, Role first, Role... more) {
        Set<Role> roles = EnumSet.of(first, more);
        return new TlsPolicy(credentials, roles, roles);
    }

    /** Connecting to servers of role {@code server}; listening (if at all) for the same role. */
    public static TlsPolicy connectingTo(Credentials credentials, Role server) {
        return new TlsPolicy(credentials, Set.of(server), Set.of(server));
    }

    /** The same credentials, listening for {@code roles}. */
    public TlsPolicy accepting(Role first, Role... more) {
        return new TlsPolicy(credentials, EnumSet.of(first, more), required, handshakes);
    }

    /** The same policy with the handshakes of accepted connections bounded by {@code limits}. */
    public TlsPolicy with(HandshakeLimits limits) {
        return new TlsPolicy(credentials, accepted, required, limits);
    }
}
