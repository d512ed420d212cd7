package org.raypool.registrar;

import java.io.IOException;
import java.util.Random;
import org.raypool.registrar.asap.AsapServer;
import org.raypool.registrar.asap.ServerAnnouncer;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.registrar.status.RegistrarMetrics;
import org.raypool.registrar.status.RegistrarStatus;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running registrar: the event loop, the handlespace and the protocol roles around it. */
public final class Registrar implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final RegistrarConfig config;
    private final EventLoop loop;
    private final Handlespace handlespace;
    private final AsapServer asap;
    private final ListeningEndpoint asapEndpoint;
    private final ServerAnnouncer announcer;
    private final RegistrarStatus status;

    private Registrar(RegistrarConfig config) throws IOException {
        this.config = config;
        this.loop = new EventLoop(String.format("registrar-0x%08x", config.identifier()));
        Transport transport = Transports.forName(config.transport(), TransportOptions.DEFAULTS, loop.io());
        this.handlespace = new Handlespace(new HandlespaceConfig(config.identifier(), config.maxBadPeReports(),
                config.maxIncrement(), config.maxHandleResolutionItems()), new Random());
        RegistrarMetrics metrics = new RegistrarMetrics();
        this.asap = new AsapServer(config, loop, handlespace, transport, new AsapServer.OwnedElementListener() {
            @Override
            public void added(PoolHandle poolHandle, PoolElement element) {}

            @Override
            public void removed(PoolHandle poolHandle, PoolElement element) {}
        }, metrics);
        this.asapEndpoint = asap.start();
        this.status = new RegistrarStatus(config.identifier(), transport.name(),
                () -> asapEndpoint.localAddresses().stream().map(a -> a.getAddress().getHostAddress() + ":"
                        + a.getPort()).collect(java.util.stream.Collectors.joining(", ")), loop, handlespace, metrics);
        this.announcer = config.asapAnnounce().isEmpty() ? null
                : ServerAnnouncer.start(loop, config.identifier(), config.asapAnnounce().get(), config.announceTtl(),
                        config.announceInterface().orElse(null), config.serverAnnounceCycle(), asapEndpoint,
                        "tcp".equals(transport.name()));
        log.info("registrar 0x{} serving ASAP over {} on {}", Integer.toHexString(config.identifier()),
                transport.name(), asapEndpoint.localAddresses());
    }

    public static Registrar start(RegistrarConfig config) throws IOException {
        return new Registrar(config);
    }

    public ListeningEndpoint asapEndpoint() {
        return asapEndpoint;
    }

    /** Snapshots of the registrar's state and its counters, for CSP and HTTP. */
    public RegistrarStatus status() {
        return status;
    }

    public RegistrarConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (announcer != null) announcer.close();
        asap.close();
        loop.close();
    }
}
