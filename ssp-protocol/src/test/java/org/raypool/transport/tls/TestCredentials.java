package org.raypool.transport.tls;

import java.time.Duration;
import java.time.Instant;

/**
 * A farm CA made once per JVM and role credentials issued by it, for tests of every module (test-jar); plus a
 * second CA whose certificates the farm must refuse (forged) and an expired certificate of the farm's own CA.
 */
public final class TestCredentials {

    public static final CertificateAuthority CA = CertificateAuthority.create("testfarm", Instant.now(),
            Duration.ofDays(2));
    public static final CertificateAuthority FORGER = CertificateAuthority.create("testfarm", Instant.now(),
            Duration.ofDays(2));

    private TestCredentials() {}

    public static Credentials of(Role role, String name) {
        return CA.credentials(CA.issue(role, name, Instant.now(), Duration.ofDays(1)));
    }

    /** A certificate of the farm's CA that expired an hour ago. */
    public static Credentials expired(Role role, String name) {
        Instant now = Instant.now();
        return CA.credentials(CA.issue(role, name, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))));
    }

    /** A certificate with the right role and name, signed by another CA: it trusts that CA, not ours. */
    public static Credentials forged(Role role, String name) {
        return FORGER.credentials(FORGER.issue(role, name, Instant.now(), Duration.ofDays(1)));
    }
}
