package org.raypool.registrar;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.raypool.asap.AddressScope;

/** Registrar configurations for tests on loopback over TCP, with short timers. */
public final class TestRegistrars {
    private TestRegistrars() {}

    public static RegistrarConfig config(int identifier) {
        return new RegistrarConfig(identifier, "tcp", List.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                Optional.empty(), 1, Duration.ofMillis(1000), AddressScope.LOOPBACK, 3, 3, 0,
                Duration.ofMillis(300), Duration.ofMillis(300));
    }

    /** An ASAP client of {@code registrar} alone, with 2 s timeouts. */
    public static org.raypool.asap.AsapClientConfig client(Registrar registrar) {
        return org.raypool.asap.AsapClientConfig.withRegistrars(List.of(List.of(asapAddress(registrar))))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public static InetSocketAddress asapAddress(Registrar registrar) {
        return new InetSocketAddress("127.0.0.1", registrar.asapEndpoint().port());
    }
}
