package org.raypool.transport.tls;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a TCP transport authenticates (docs/security.md): with {@code credentials}, a listening endpoint accepts only
 * peers whose certificate has one of {@code accepted}, and a connection is made only to a server whose certificate
 * has one of {@code required}.
 */
public record TlsPolicy(Credentials credentials, Set<Role> accepted, Set<Role> required) {

    public TlsPolicy {
        accepted = Set.copyOf(accepted);
        required = Set.copyOf(required);
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
        return new TlsPolicy(credentials, EnumSet.of(first, more), required);
    }
}
