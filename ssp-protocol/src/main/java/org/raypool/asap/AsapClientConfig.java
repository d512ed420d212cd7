package org.raypool.asap;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pool element or pool user finds and talks to registrars. Defaults are RSPLIB's client library values
 * (docs/protocol/registrar-behaviour.md §2, client table) except {@code requestMaxTrials}: RSPLIB fails a request after
 * one registrar, we retry it on up to three so that a registrar dying mid-request costs a delay, not an error.
 *
 * @param registrars          static registrar endpoints, each a multi-homed address list
 * @param announceGroup       where registrars announce themselves (239.0.0.50:3863), empty = static list only
 * @param announceInterface   interface to receive announces on, empty = every multicast-capable interface
 * @param announceTimeout     an announced registrar is forgotten this long after its last announce
 * @param connectTimeout      one hunt round: how long connection attempts may take
 * @param responseTimeout     how long a request waits for its response before the registrar is given up
 * @param requestMaxTrials    registrars a request is tried on before it fails
 */
public record AsapClientConfig(
        List<List<InetSocketAddress>> registrars,
        Optional<InetSocketAddress> announceGroup,
        Optional<String> announceInterface,
        Duration announceTimeout,
        Duration connectTimeout,
        Duration responseTimeout,
        int requestMaxTrials) {

    public static final InetSocketAddress ANNOUNCE_GROUP = new InetSocketAddress("239.0.0.50", 3863);

    public AsapClientConfig {
        registrars = registrars.stream().map(List::copyOf).toList();
        Objects.requireNonNull(announceGroup, "announceGroup");
        Objects.requireNonNull(announceInterface, "announceInterface");
        if (registrars.isEmpty() && announceGroup.isEmpty()) {
            throw new IllegalArgumentException("no way to find a registrar: give --registrar or enable announces");
        }
        if (requestMaxTrials < 1) throw new IllegalArgumentException("requestMaxTrials must be >= 1");
    }

    public static AsapClientConfig withRegistrars(List<List<InetSocketAddress>> registrars) {
        return new AsapClientConfig(registrars, Optional.empty(), Optional.empty(), Duration.ofMillis(5000),
                Duration.ofMillis(7500), Duration.ofMillis(3000), 3);
    }

    public static AsapClientConfig withAnnounces(InetSocketAddress group, Optional<String> networkInterface) {
        return new AsapClientConfig(List.of(), Optional.of(group), networkInterface, Duration.ofMillis(5000),
                Duration.ofMillis(7500), Duration.ofMillis(3000), 3);
    }

    public AsapClientConfig withTimeouts(Duration connect, Duration response) {
        return new AsapClientConfig(registrars, announceGroup, announceInterface, announceTimeout, connect, response,
                requestMaxTrials);
    }
}
