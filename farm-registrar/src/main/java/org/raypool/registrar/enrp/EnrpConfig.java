package org.raypool.registrar.enrp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ENRP side of a registrar is told at start-up (docs/protocol/registrar-behaviour.md §2, §5); defaults are
 * RSPLIB's.
 *
 * @param endpoint               local ENRP addresses; port 0 = a random port (RSPLIB's "auto")
 * @param announce               multicast group for Presences, empty = off
 * @param staticPeers            {@code --peer} entries, one address list per peer
 * @param peerHeartbeatCycle     Presence period, randomised by ±12.5 %
 * @param maxTimeLastHeard       silence after which a peer is asked for a Presence
 * @param maxTimeNoResponse      silence after that question before a takeover starts
 * @param mentorDiscoveryTimeout end of the start-up phase at the latest
 * @param takeoverExpiry         how long a takeover waits for the acks
 * @param maxElementsPerHandleTableResponse PEs per Handle Table Response (and at most 1400 bytes)
 * @param anyPortIfBusy          the endpoint's port is only the default: if it is taken, let the kernel choose
 * @param maxPeers               identified peers at most ({@code --max-enrp-peers}; "ENRP admission")
 * @param maxPoolElementsPerPeer PEs one peer may be home of in our handlespace ({@code --max-pes-per-peer})
 * @param maxRegistrationLife    cap on a Registration Life learned over ENRP ({@code --max-registration-life}, the
 *                               same limit as ASAP's)
 */
public record EnrpConfig(
        List<InetSocketAddress> endpoint,
        Optional<InetSocketAddress> announce,
        List<List<InetSocketAddress>> staticPeers,
        Duration peerHeartbeatCycle,
        Duration maxTimeLastHeard,
        Duration maxTimeNoResponse,
        Duration mentorDiscoveryTimeout,
        Duration takeoverExpiry,
        int maxElementsPerHandleTableResponse,
        boolean anyPortIfBusy,
        int maxPeers,
        int maxPoolElementsPerPeer,
        Duration maxRegistrationLife) {

    public static final int ENRP_PORT = 9901;
    public static final InetSocketAddress PRESENCE_GROUP = new InetSocketAddress("239.0.0.51", ENRP_PORT);
    public static final Duration DEFAULT_PEER_HEARTBEAT_CYCLE = Duration.ofNanos(2_444_444_000L);
    public static final Duration DEFAULT_MAX_TIME_LAST_HEARD = Duration.ofMillis(5000);
    public static final Duration DEFAULT_MAX_TIME_NO_RESPONSE = Duration.ofMillis(5000);
    public static final Duration DEFAULT_MENTOR_DISCOVERY_TIMEOUT = Duration.ofMillis(5000);
    public static final Duration DEFAULT_TAKEOVER_EXPIRY = Duration.ofMillis(5000);
    public static final int DEFAULT_MAX_ELEMENTS_PER_HANDLE_TABLE_RESPONSE = 128;
    public static final int DEFAULT_MAX_PEERS = 32;
    public static final int DEFAULT_MAX_POOL_ELEMENTS_PER_PEER = 10_000;

    public EnrpConfig {
        endpoint = List.copyOf(endpoint);
        if (endpoint.isEmpty()) throw new IllegalArgumentException("the ENRP endpoint needs an address");
        Objects.requireNonNull(announce, "announce");
        staticPeers = staticPeers.stream().map(List::copyOf).toList();
        for (Duration d : List.of(peerHeartbeatCycle, maxTimeLastHeard, maxTimeNoResponse, mentorDiscoveryTimeout,
                takeoverExpiry)) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("ENRP timers must be > 0");
        }
        if (maxElementsPerHandleTableResponse < 1) {
            throw new IllegalArgumentException("max elements per Handle Table Response must be >= 1");
        }
        if (maxPeers < 1 || maxPoolElementsPerPeer < 1) throw new IllegalArgumentException("ENRP limits must be >= 1");
        if (maxRegistrationLife.toMillis() < 1 || maxRegistrationLife.toMillis() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("max registration life must be 1..2^32-1 ms");
        }
    }

    /** RSPLIB's timers on the given endpoint, with the given announce group and static peers. */
    public static EnrpConfig defaults(List<InetSocketAddress> endpoint, Optional<InetSocketAddress> announce,
            List<List<InetSocketAddress>> staticPeers) {
        return new EnrpConfig(endpoint, announce, staticPeers, DEFAULT_PEER_HEARTBEAT_CYCLE,
                DEFAULT_MAX_TIME_LAST_HEARD, DEFAULT_MAX_TIME_NO_RESPONSE, DEFAULT_MENTOR_DISCOVERY_TIMEOUT,
                DEFAULT_TAKEOVER_EXPIRY, DEFAULT_MAX_ELEMENTS_PER_HANDLE_TABLE_RESPONSE, false, DEFAULT_MAX_PEERS,
                DEFAULT_MAX_POOL_ELEMENTS_PER_PEER, org.raypool.registrar.RegistrarLimits.DEFAULT_MAX_REGISTRATION_LIFE);
    }

    public EnrpConfig withTimers(Duration heartbeat, Duration lastHeard, Duration noResponse, Duration mentorDiscovery,
            Duration takeover) {
        return new EnrpConfig(endpoint, announce, staticPeers, heartbeat, lastHeard, noResponse, mentorDiscovery,
                takeover, maxElementsPerHandleTableResponse, anyPortIfBusy, maxPeers, maxPoolElementsPerPeer,
                maxRegistrationLife);
    }

    public EnrpConfig withMaxElementsPerHandleTableResponse(int n) {
        return new EnrpConfig(endpoint, announce, staticPeers, peerHeartbeatCycle, maxTimeLastHeard,
                maxTimeNoResponse, mentorDiscoveryTimeout, takeoverExpiry, n, anyPortIfBusy, maxPeers,
                maxPoolElementsPerPeer, maxRegistrationLife);
    }

    public EnrpConfig withAnyPortIfBusy() {
        return new EnrpConfig(endpoint, announce, staticPeers, peerHeartbeatCycle, maxTimeLastHeard,
                maxTimeNoResponse, mentorDiscoveryTimeout, takeoverExpiry, maxElementsPerHandleTableResponse, true,
                maxPeers, maxPoolElementsPerPeer, maxRegistrationLife);
    }

    /** The admission limits ("ENRP admission" in docs/protocol/registrar-behaviour.md). */
    public EnrpConfig withLimits(int peers, int poolElementsPerPeer, Duration registrationLife) {
        return new EnrpConfig(endpoint, announce, staticPeers, peerHeartbeatCycle, maxTimeLastHeard,
                maxTimeNoResponse, mentorDiscoveryTimeout, takeoverExpiry, maxElementsPerHandleTableResponse,
                anyPortIfBusy, peers, poolElementsPerPeer, registrationLife);
    }
}
