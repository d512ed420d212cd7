package org.raypool.registrar.asap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.raypool.registrar.EventLoop;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.multicast.MulticastSender;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.ServerAnnounce;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ASAP Server Announces to the multicast group every announce cycle, randomised by ±12.5 % as RSPLIB
 * (docs/protocol/registrar-behaviour.md §2, §3.1), from a UDP socket bound to the ASAP port so that RSPLIB clients
 * learn the port from the source. In TCP mode the announce also carries a TCP Transport parameter ([PROJECT],
 * docs/protocol/asap-enrp-wire.md §5.10).
 */
public final class ServerAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerAnnouncer.class);

    private final EventLoop loop;
    private final Duration cycle;
    private final MulticastSender sender;
    private final byte[] announce;
    private volatile boolean running = true;

    private ServerAnnouncer(EventLoop loop, Duration cycle, MulticastSender sender, byte[] announce) {
        this.loop = loop;
        this.cycle = cycle;
        this.sender = sender;
        this.announce = announce;
    }

    public static ServerAnnouncer start(EventLoop loop, int identifier, InetSocketAddress group, int ttl,
            String interfaceName, Duration cycle, ListeningEndpoint asapEndpoint, boolean tcp) throws IOException {
        NetworkInterface nif = null;
        if (interfaceName != null) {
            nif = NetworkInterface.getByName(interfaceName);
            if (nif == null) throw new SocketException("no network interface '" + interfaceName + "' for announces");
        }
        MulticastSender sender = MulticastSender.open(group, ttl, nif, new InetSocketAddress(asapEndpoint.port()));
        ServerAnnounce message = tcp
                ? ServerAnnounce.of(identifier, tcpTransports(asapEndpoint))
                : ServerAnnounce.of(identifier);
        ServerAnnouncer announcer = new ServerAnnouncer(loop, cycle, sender, AsapCodec.INSTANCE.encode(message));
        log.info("announcing registrar 0x{} on {} every ~{} ms", Integer.toHexString(identifier), group, cycle.toMillis());
        loop.execute(announcer::announce);
        return announcer;
    }

    /** Our TCP ASAP address; a wildcard listener announces none and lets clients use the datagram's source. */
    private static TcpTransport[] tcpTransports(ListeningEndpoint endpoint) {
        List<InetSocketAddress> bound = endpoint.localAddresses();
        if (bound.isEmpty() || bound.get(0).getAddress().isAnyLocalAddress()) return new TcpTransport[0];
        return new TcpTransport[] {new TcpTransport(endpoint.port(), TransportUse.DATA_ONLY, bound.get(0).getAddress())};
    }

    private void announce() {
        if (!running) return;
        try {
            sender.send(announce);
        } catch (IOException e) {
            log.warn("sending a Server Announce failed: {}", e.getMessage());
        }
        long ms = cycle.toMillis();
        long next = ms - ms / 8 + (long) (ThreadLocalRandom.current().nextDouble() * (ms / 4.0));
        loop.schedule(Duration.ofMillis(next), this::announce);
    }

    @Override
    public void close() {
        running = false;
        sender.close();
    }
}
