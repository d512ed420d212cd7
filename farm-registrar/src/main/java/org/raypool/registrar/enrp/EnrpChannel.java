package org.raypool.registrar.enrp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.registrar.Endpoints;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.RegistrarLimits;
import org.raypool.transport.AddressQuota;
import org.raypool.registrar.inbound.Admission;
import org.raypool.registrar.inbound.InboundDecoder;
import org.raypool.registrar.inbound.InboundPath;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.multicast.MulticastReceiver;
import org.raypool.transport.multicast.MulticastSender;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpError;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ENRP sockets (docs/protocol/registrar-behaviour.md §1): the listening endpoint for peer associations, one
 * association per peer (opened on demand, messages queued meanwhile), the UDP socket on the ENRP port that sends
 * multicast Presences and the receiver of the group. Decodes on the transport threads and hands messages to the event
 * loop.
 */
final class EnrpChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnrpChannel.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** ENRP Error's message type: an undecodable Error is not answered. */
    private static final int ENRP_ERROR_TYPE = 0x0A;

    /** Where decoded messages go, on the event loop. {@code via} is null for multicast. */
    interface Receiver {
        void received(EnrpMessage message, Association via, InetSocketAddress multicastSource);

        void lost(Association association);
    }

    private final Transport transport;
    private final EventLoop loop;
    private final int ownId;
    private final Receiver receiver;
    private final ExecutorService connector;
    private final ExecutorService sender;
    private final Set<Association> associations = ConcurrentHashMap.newKeySet();
    private final Set<Association> outbound = ConcurrentHashMap.newKeySet();
    private final InboundPath<EnrpMessage> callbacks;
    private ListeningEndpoint endpoint;
    private MulticastSender presenceSender;
    private MulticastReceiver presenceReceiver;
    private TransportParameter serverTransport;
    private volatile boolean closed;

    EnrpChannel(Transport transport, EventLoop loop, int ownId, Receiver receiver, RegistrarLimits limits) {
        this.callbacks = new InboundPath<>(Protocol.ENRP,
                new InboundDecoder<>(EnrpCodec.INSTANCE, ENRP_ERROR_TYPE, limits.maxErrorCauses()),
                error -> new EnrpError(ownId, 0, error),
                (message, error) -> new EnrpError(ownId, 0, error), this::sendOn, loop,
                new AddressQuota(limits.maxAssociationsPerAddress()), new Handler());
        this.transport = transport;
        this.loop = loop;
        this.ownId = ownId;
        this.receiver = receiver;
        this.connector = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, String.format("enrp-0x%08x-connect", ownId));
            t.setDaemon(true);
            return t;
        });
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, String.format("enrp-0x%08x-send", ownId));
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens ({@link Endpoints#listen}) and opens the Presence sockets. */
    void start(EnrpConfig config, int ttl, NetworkInterface announceInterface) throws IOException {
        List<InetSocketAddress> local = config.endpoint();
        try {
            endpoint = Endpoints.listen(transport, local, Protocol.ENRP, callbacks);
        } catch (IOException e) {
            if (!config.anyPortIfBusy() || local.get(0).getPort() == 0) throw e;
            endpoint = transport.listen(local.stream().map(a -> new InetSocketAddress(a.getAddress(), 0)).toList(),
                    Protocol.ENRP, callbacks);
            log.warn("ENRP port {} is taken ({}); using port {} instead (give --enrp HOST:PORT to choose)",
                    local.get(0).getPort(), e.getMessage(), endpoint.port());
        }
        serverTransport = serverTransport(endpoint, "tcp".equals(transport.name()));
        if (config.announce().isPresent()) {
            InetSocketAddress group = config.announce().get();
            presenceSender = MulticastSender.open(group, ttl, announceInterface, new InetSocketAddress(endpoint.port()));
            presenceReceiver = MulticastReceiver.open(group, announceInterface, this::onDatagram);
        }
    }

    /** Our ENRP transport for Server Information: the bound addresses, or every local one for a wildcard. */
    private static TransportParameter serverTransport(ListeningEndpoint endpoint, boolean tcp) throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (InetSocketAddress a : endpoint.localAddresses()) {
            if (!a.getAddress().isAnyLocalAddress()) addresses.add(a.getAddress());
        }
        if (addresses.isEmpty()) {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) addresses.add(a);
                }
            }
            addresses.sort((x, y) -> Boolean.compare(x.isLoopbackAddress(), y.isLoopbackAddress()));
        }
        if (addresses.isEmpty()) addresses.add(InetAddress.getLoopbackAddress());
        return tcp ? new TcpTransport(endpoint.port(), TransportUse.DATA_ONLY, addresses.get(0))
                : new SctpTransport(endpoint.port(), TransportUse.DATA_ONLY,
                        addresses.subList(0, Math.min(addresses.size(), TransportParameter.MAX_ADDRESSES)));
    }

    TransportParameter serverTransport() {
        return serverTransport;
    }

    ListeningEndpoint endpoint() {
        return endpoint;
    }

    boolean opened(Association association) {
        return outbound.contains(association);
    }

    boolean isTcp() {
        return "tcp".equals(transport.name());
    }

    /** A transport parameter for a peer's ENRP addresses (List Response). */
    TransportParameter transportOf(List<InetSocketAddress> addresses) {
        int port = addresses.get(0).getPort();
        List<InetAddress> ips = addresses.stream().map(InetSocketAddress::getAddress).toList();
        return isTcp() ? new TcpTransport(port, TransportUse.DATA_ONLY, ips.get(0))
                : new SctpTransport(port, TransportUse.DATA_ONLY, ips);
    }

    boolean multicasting() {
        return presenceSender != null;
    }

    void multicast(EnrpMessage message) {
        try {
            presenceSender.send(EnrpCodec.INSTANCE.encode(message));
        } catch (IOException e) {
            log.warn("sending a multicast Presence failed: {}", e.getMessage());
        }
    }

    /** On the loop: sends on the peer's association, opening one first if needed. */
    void send(Peer peer, EnrpMessage message) {
        if (peer.association != null && peer.association.isOpen()) {
            sendOn(peer.association, message);
            return;
        }
        peer.association = null;
        peer.queued.add(message);
        if (peer.connecting || peer.addresses.isEmpty()) return;
        peer.connecting = true;
        List<InetSocketAddress> remote = peer.addresses;
        connector.execute(() -> {
            try {
                Association a = transport.connect(remote, Protocol.ENRP, callbacks, CONNECT_TIMEOUT);
                outbound.add(a);
                if (closed) {
                    a.abort();
                    return;
                }
                loop.execute(() -> connected(peer, a));
            } catch (IOException | RuntimeException e) {
                if (!closed) loop.execute(() -> {
                    peer.connecting = false;
                    log.debug("{}: {}", peer, e.getMessage());
                    peer.queued.clear();
                });
            }
        });
    }

    private void connected(Peer peer, Association a) {
        peer.connecting = false;
        peer.outbound = a;
        if (peer.association == null || !peer.association.isOpen()) peer.association = a;
        List<EnrpMessage> queued = List.copyOf(peer.queued);
        peer.queued.clear();
        for (EnrpMessage m : queued) sendOn(peer.association, m);
    }

    /**
     * Queues the message for the sender thread: a send that blocks (a peer's full window, a dying association)
     * must not stall the event loop and with it every timer. One thread keeps the order per association.
     */
    void sendOn(Association association, EnrpMessage message) {
        byte[] bytes = EnrpCodec.INSTANCE.encode(message);
        try {
            sender.execute(() -> {
                try {
                    association.send(Protocol.ENRP, bytes);
                } catch (IOException | RuntimeException e) {
                    log.debug("{}: sending {} failed: {}", association.id(), message.type(), e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("closed: {} to {} dropped", message.type(), association.id());
        }
    }

    private void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
        try {
            EnrpMessage m = EnrpCodec.INSTANCE.decode(datagram);
            if (m.senderServerIdentifier() != ownId && !closed) loop.execute(() -> receiver.received(m, null, source));
        } catch (ProtocolException e) {
            log.debug("undecodable datagram from {} on the Presence group: {}", source, e.getMessage());
        }
    }

    /** Messages from the common inbound path (docs/protocol/registrar-behaviour.md §3.9), on the loop. */
    private final class Handler implements InboundPath.Handler<EnrpMessage> {
        @Override
        public void established(Association association) {
            associations.add(association);
        }

        @Override
        public void message(Association association, EnrpMessage message, long receivedNanos) {
            if (!closed) receiver.received(message, association, null);
        }

        @Override
        public void lost(Association association, CommLost reason) {
            associations.remove(association);
            outbound.remove(association);
            if (!closed) receiver.lost(association);
        }
    }

    /** The admission step of the ENRP inbound path (the role rule: only registrars speak ENRP). */
    void admission(Admission<EnrpMessage> admission, Function<Association, Optional<PeerIdentity>> identityOf) {
        callbacks.admission(admission, identityOf);
    }

    @Override
    public void close() {
        closed = true;
        if (presenceReceiver != null) presenceReceiver.close();
        if (presenceSender != null) presenceSender.close();
        if (endpoint != null) endpoint.close();
        sender.shutdownNow();
        associations.forEach(Association::abort);
        connector.shutdownNow();
    }
}
