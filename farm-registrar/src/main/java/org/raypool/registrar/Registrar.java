package org.raypool.registrar;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.raypool.registrar.asap.AsapRoleRule;
import org.raypool.registrar.asap.AsapServer;
import org.raypool.registrar.asap.ServerAnnouncer;
import org.raypool.registrar.enrp.EnrpServer;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.registrar.inbound.Admissions;
import org.raypool.registrar.status.RegistrarMetrics;
import org.raypool.registrar.status.RegistrarSnapshot;
import org.raypool.registrar.status.RegistrarStatus;
import org.raypool.transport.AddressSpec;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.HandshakeLimits;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running registrar: the event loop, the handlespace and the protocol roles around it. */
public final class Registrar implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    private static final AsapServer.OwnedElementListener NO_PEERS = new AsapServer.OwnedElementListener() {
        @Override
        public void added(PoolHandle poolHandle, PoolElement element) {}

        @Override
        public void removed(PoolHandle poolHandle, PoolElement element) {}
    };

    private final RegistrarConfig config;
    private final Transport transport;
    private final EventLoop loop;
    private final Handlespace handlespace;
    private final AsapServer asap;
    private final ListeningEndpoint asapEndpoint;
    private final EnrpServer enrp;
    private final RegistrarStatus status;
    private volatile ServerAnnouncer announcer;
    private volatile boolean closed;

    private Registrar(RegistrarConfig config, Admissions admissions, Optional<Credentials> credentials,
                      HandshakeLimits handshakes) throws IOException {
        this.config = config;
        this.loop = new EventLoop(String.format("registrar-0x%08x", config.identifier()));
        // docs/security.md: ASAP serves workers and users and connects (takeover keep-alives) to workers only;
        // ENRP is between registrars
        TlsPolicy asapTls = credentials.map(c -> new TlsPolicy(c, EnumSet.of(Role.WORKER, Role.USER),
                EnumSet.of(Role.WORKER), handshakes)).orElse(null);
        TlsPolicy enrpTls = credentials.map(c -> TlsPolicy.accepting(c, Role.REGISTRAR).with(handshakes)).orElse(null);
        this.transport = Transports.forName(config.transport(), TransportOptions.DEFAULTS, loop.io(), asapTls);
        this.handlespace = new Handlespace(new HandlespaceConfig(config.identifier(), config.maxBadPeReports(),
                config.maxIncrement(), config.maxHandleResolutionItems(), config.limits().handlespace()),
                new Random());
        RegistrarMetrics metrics = new RegistrarMetrics();
        // ENRP keeps a reader thread per association: its connects and sends may block, the loop must not.
        this.enrp = config.enrp().map(c -> new EnrpServer(c, config.identifier(), config.announceTtl(),
                config.announceInterface().orElse(null), loop, handlespace,
                Transports.forName(config.transport(), TransportOptions.DEFAULTS, null, enrpTls), config.limits()))
                .orElse(null);
        this.asap = new AsapServer(config, loop, handlespace, transport,
                enrp == null ? NO_PEERS : enrp.ownedElementListener(), metrics);
        asap.admission(admissions.asap(), admissions.identityOf());
        if (enrp != null) enrp.admission(admissions.enrp(), admissions.identityOf());
        try {
            this.asapEndpoint = asap.start();
            log.info("registrar 0x{} serving ASAP over {} on {}", Integer.toHexString(config.identifier()),
                    transport.name(), asapEndpoint.localAddresses());
            this.status = new RegistrarStatus(config.identifier(), transport.name(),
                    () -> asapEndpoint.localAddresses().stream().map(AddressSpec::format)
                            .collect(java.util.stream.Collectors.joining(", ")), loop, handlespace, metrics);
            if (enrp == null) {
                startAnnouncing();
            } else {
                status.peers(() -> enrp.peerViews().stream().map(Registrar::peerStatus).toList());
                enrp.start(asap::takeOver, this::startAnnouncing);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Registrar start(RegistrarConfig config) throws IOException {
        return new Registrar(config, Admissions.OPEN, Optional.empty(), HandshakeLimits.DEFAULTS);
    }

    /**
     * An open registrar whose inbound path admits messages by {@code admissions} (docs/protocol/registrar-behaviour.md
     * §3.9); for tests of the admission step.
     */
    public static Registrar start(RegistrarConfig config, Admissions admissions) throws IOException {
        return new Registrar(config, admissions, Optional.empty(), HandshakeLimits.DEFAULTS);
    }

    /**
     * With credentials: the authenticated farm, mutual TLS on ASAP and ENRP and the role rule on every message
     * (docs/security.md); without, open.
     */
    public static Registrar start(RegistrarConfig config, Optional<Credentials> credentials) throws IOException {
        return start(config, credentials, HandshakeLimits.DEFAULTS);
    }

    /** As {@link #start(RegistrarConfig, Optional)}, the TLS handshakes of accepted connections bounded by {@code handshakes}. */
    public static Registrar start(RegistrarConfig config, Optional<Credentials> credentials, HandshakeLimits handshakes)
            throws IOException {
        return new Registrar(config, credentials.isPresent() ? Admissions.roles(AsapRoleRule.admission())
                : Admissions.OPEN, credentials, handshakes);
    }

    /** Server Announces start once the start-up phase is over (docs/protocol/registrar-behaviour.md §1). */
    private void startAnnouncing() {
        if (config.asapAnnounce().isEmpty() || closed || announcer != null) return;
        try {
            announcer = ServerAnnouncer.start(loop, config.identifier(), config.asapAnnounce().get(),
                    config.announceTtl(), config.announceInterface().orElse(null), config.serverAnnounceCycle(),
                    asapEndpoint, "tcp".equals(transport.name()));
        } catch (IOException e) {
            log.error("cannot send Server Announces to {}: {}", config.asapAnnounce().get(), e.getMessage());
        }
    }

    public ListeningEndpoint asapEndpoint() {
        return asapEndpoint;
    }

    /** Snapshots of the registrar's state and its counters, for CSP and HTTP. */
    public RegistrarStatus status() {
        return status;
    }

    /** The ENRP endpoint; throws if this registrar runs without ENRP. */
    public ListeningEndpoint enrpEndpoint() {
        if (enrp == null) throw new IllegalStateException("this registrar runs without ENRP");
        return enrp.endpoint();
    }

    /** Whether ENRP's start-up phase (mentor discovery; no Server Announces yet) still runs; false without ENRP. */
    public boolean inStartup() {
        if (enrp == null) return false;
        return loop.call(enrp::inStartup, java.time.Duration.ofSeconds(10));
    }

    /** The identifiers of the ENRP peers this registrar knows (empty without ENRP). */
    public java.util.List<Integer> enrpPeers() {
        if (enrp == null) return java.util.List.of();
        return inspect(hs -> enrp.peerViews().stream().map(EnrpServer.PeerView::identifier).toList());
    }

    private static RegistrarSnapshot.PeerStatus peerStatus(EnrpServer.PeerView peer) {
        String address = peer.addresses().isEmpty() ? "" : AddressSpec.format(peer.addresses().get(0));
        return new RegistrarSnapshot.PeerStatus(String.format("0x%08x", peer.identifier()), address,
                peer.lastHeardMillisAgo());
    }

    public RegistrarConfig config() {
        return config;
    }

    /** Runs {@code query} on the event loop (which owns the handlespace) and waits for its result. */
    public <T> T inspect(Function<Handlespace, T> query) {
        return loop.call(() -> query.apply(handlespace), java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        closed = true;
        if (announcer != null) announcer.close();
        if (enrp != null) enrp.close();
        asap.close();
        loop.close();
    }
}
