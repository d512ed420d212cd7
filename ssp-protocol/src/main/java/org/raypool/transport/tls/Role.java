package org.raypool.transport.tls;

import java.util.Locale;

/**
 * The three roles of an authenticated farm (docs/security.md): a certificate carries exactly one, as the
 * organizational unit of its subject ({@code OU=worker}).
 */
public enum Role {
    REGISTRAR, WORKER, USER;

    /** The name in a certificate and on the command line: {@code registrar}, {@code worker}, {@code user}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the three roles */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equals(label.trim().toLowerCase(Locale.ROOT))) return role;
        }
        throw new IllegalArgumentException("unknown role '" + label + "' (use registrar, worker or user)");
    }
}
