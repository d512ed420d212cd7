package org.raypool.registrar;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.raypool.asap.AddressScope;
import org.raypool.registrar.enrp.EnrpConfig;

/**
 * Everything a registrar is told at start-up; {@link RegistrarMain} is the only place that builds one. Defaults
 * are RSPLIB's (docs/protocol/registrar-behaviour.md §2) except where a comment says otherwise.
 *
 * @param identifier          registrar ID, used as Server Identifier and Home PR ID
 * @param transport           "auto", "sctp" or "tcp"
 * @param asapEndpoint        local addresses of the ASAP endpoint; port 0 = RSPLIB's random port 10000..59999
 * @param asapAnnounce        multicast group for Server Announces, empty = off
 * @param announceInterface   interface for multicast announces, empty = the system's choice
 * @param enrp                the ENRP side; empty = a registrar without peers (tests of other modules)
 * @param limits              the guards of §3.9 (rates, bounds, fixed pool policies)
 */
public record RegistrarConfig(
        int identifier,
        String transport,
        List<InetSocketAddress> asapEndpoint,
        Optional<InetSocketAddress> asapAnnounce,
        Optional<String> announceInterface,
        int announceTtl,
        Duration serverAnnounceCycle,
        AddressScope minAddressScope,
        int maxHandleResolutionItems,
        int maxBadPeReports,
        int maxIncrement,
        Duration endpointKeepAliveInterval,
        Duration endpointKeepAliveTimeout,
        Optional<EnrpConfig> enrp,
        RegistrarLimits limits) {

    public static final int ASAP_PORT = 3863;
    public static final InetSocketAddress ASAP_ANNOUNCE_GROUP = new InetSocketAddress("239.0.0.50", ASAP_PORT);

    public RegistrarConfig {
        Objects.requireNonNull(transport, "transport");
        asapEndpoint = List.copyOf(asapEndpoint);
        if (asapEndpoint.isEmpty()) throw new IllegalArgumentException("the ASAP endpoint needs an address");
        Objects.requireNonNull(asapAnnounce, "asapAnnounce");
        Objects.requireNonNull(announceInterface, "announceInterface");
        Objects.requireNonNull(minAddressScope, "minAddressScope");
        if (identifier == 0) throw new IllegalArgumentException("registrar identifier 0 is reserved for 'unknown'");
        if (announceTtl < 1 || announceTtl > 255) throw new IllegalArgumentException("announce TTL must be 1..255");
        if (maxHandleResolutionItems < 1) throw new IllegalArgumentException("max handle resolution items must be >= 1");
        if (maxBadPeReports < 1) throw new IllegalArgumentException("max bad PE reports must be >= 1");
        if (maxIncrement < 0) throw new IllegalArgumentException("max increment must be >= 0");
        Objects.requireNonNull(enrp, "enrp");
        Objects.requireNonNull(limits, "limits");
    }

    /** A registrar with the default limits. */
    public RegistrarConfig(int identifier, String transport, List<InetSocketAddress> asapEndpoint,
            Optional<InetSocketAddress> asapAnnounce, Optional<String> announceInterface, int announceTtl,
            Duration serverAnnounceCycle, AddressScope minAddressScope, int maxHandleResolutionItems,
            int maxBadPeReports, int maxIncrement, Duration endpointKeepAliveInterval,
            Duration endpointKeepAliveTimeout, Optional<EnrpConfig> enrp) {
        this(identifier, transport, asapEndpoint, asapAnnounce, announceInterface, announceTtl, serverAnnounceCycle,
                minAddressScope, maxHandleResolutionItems, maxBadPeReports, maxIncrement, endpointKeepAliveInterval,
                endpointKeepAliveTimeout, enrp, RegistrarLimits.DEFAULTS);
    }

    /** A registrar without ENRP. */
    public RegistrarConfig(int identifier, String transport, List<InetSocketAddress> asapEndpoint,
            Optional<InetSocketAddress> asapAnnounce, Optional<String> announceInterface, int announceTtl,
            Duration serverAnnounceCycle, AddressScope minAddressScope, int maxHandleResolutionItems,
            int maxBadPeReports, int maxIncrement, Duration endpointKeepAliveInterval,
            Duration endpointKeepAliveTimeout) {
        this(identifier, transport, asapEndpoint, asapAnnounce, announceInterface, announceTtl, serverAnnounceCycle,
                minAddressScope, maxHandleResolutionItems, maxBadPeReports, maxIncrement, endpointKeepAliveInterval,
                endpointKeepAliveTimeout, Optional.empty());
    }

    public RegistrarConfig withEnrp(EnrpConfig enrpConfig) {
        return new RegistrarConfig(identifier, transport, asapEndpoint, asapAnnounce, announceInterface, announceTtl,
                serverAnnounceCycle, minAddressScope, maxHandleResolutionItems, maxBadPeReports, maxIncrement,
                endpointKeepAliveInterval, endpointKeepAliveTimeout, Optional.of(enrpConfig), limits);
    }

    public RegistrarConfig withLimits(RegistrarLimits newLimits) {
        return new RegistrarConfig(identifier, transport, asapEndpoint, asapAnnounce, announceInterface, announceTtl,
                serverAnnounceCycle, minAddressScope, maxHandleResolutionItems, maxBadPeReports, maxIncrement,
                endpointKeepAliveInterval, endpointKeepAliveTimeout, enrp, newLimits);
    }
}
