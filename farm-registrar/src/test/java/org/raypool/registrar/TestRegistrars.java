package org.raypool.registrar;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.raypool.asap.AddressScope;
import org.raypool.asap.AsapClientConfig;
import org.raypool.registrar.enrp.EnrpConfig;

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

    /**
     * A registrar with ENRP on a random loopback port, no multicast, the given static peers and timers scaled
     * down so that a takeover happens within about {@code 3 * unitMillis}.
     */
    public static RegistrarConfig enrpConfig(int identifier, long unitMillis, List<InetSocketAddress> peers) {
        Duration unit = Duration.ofMillis(unitMillis);
        EnrpConfig enrp = EnrpConfig.defaults(List.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                        peers.stream().map(List::of).toList())
                .withTimers(unit.dividedBy(2), unit, unit, unit, unit);
        return config(identifier).withEnrp(enrp);
    }

    public static InetSocketAddress enrpAddress(Registrar registrar) {
        return new InetSocketAddress("127.0.0.1", registrar.enrpEndpoint().port());
    }

    /** An ASAP client that knows these registrars (in this order), with 2 s timeouts. */
    public static AsapClientConfig clientOf(Registrar... registrars) {
        List<List<InetSocketAddress>> list = new java.util.ArrayList<>();
        for (Registrar r : registrars) list.add(List.of(asapAddress(r)));
        return AsapClientConfig.withRegistrars(list).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public static InetSocketAddress asapAddress(Registrar registrar) {
        return new InetSocketAddress("127.0.0.1", registrar.asapEndpoint().port());
    }
}
