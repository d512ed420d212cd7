package org.raypool.registrar.enrp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.HandleTableRequest;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.enrp.ListResponse;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;

/**
 * Reads a registrar's handlespace over ENRP the way RSPLIB's hsdump does: it introduces itself as a peer with a
 * random ID and an empty Presence (so the registrar does not reject it, docs/protocol/registrar-behaviour.md §5.5),
 * then sends a List Request and Handle Table Requests (W = 0) until the response has M = 0.
 */
public final class HandlespaceDump {

    /** What a registrar told: its ID, its peers and every PE it knows. */
    public record Result(int registrarIdentifier, List<ServerInformation> peers, List<PoolEntry> entries) {}

    private HandlespaceDump() {}

    public static Result fetch(Transport transport, List<InetSocketAddress> registrar, Duration timeout)
            throws IOException, InterruptedException {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Association a = transport.connect(registrar, Protocol.ENRP, new AssociationListener() {
            @Override
            public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                try {
                    inbox.add(EnrpCodec.INSTANCE.decode(message));
                } catch (ProtocolException e) {
                    inbox.add(new IOException("undecodable ENRP message from the registrar: " + e.getMessage()));
                }
            }

            @Override
            public void onCommLost(Association association, CommLost reason) {
                inbox.add(new IOException("the registrar closed the association: " + reason));
            }
        }, timeout);
        try {
            int id;
            do {
                id = new SecureRandom().nextInt();
            } while (id == 0);
            ServerInformation me = new ServerInformation(id, ownTransport(a, "tcp".equals(transport.name())));
            send(a, new Presence(id, 0, false, PeChecksum.EMPTY, me));
            send(a, new ListRequest(id, 0));
            send(a, new HandleTableRequest(id, 0, false));
            int registrarId = 0;
            List<ServerInformation> peers = new ArrayList<>();
            List<PoolEntry> entries = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Object next = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) throw new IOException("no complete handle table within " + timeout.toMillis() + " ms");
                if (next instanceof IOException e) throw e;
                EnrpMessage m = (EnrpMessage) next;
                if (registrarId == 0) registrarId = m.senderServerIdentifier();
                if (m instanceof ListResponse r) {
                    peers.addAll(r.servers().stream().filter(s -> s.serverIdentifier() != 0).toList());
                } else if (m instanceof HandleTableResponse r) {
                    if (r.rejected()) throw new IOException("the registrar rejected the Handle Table Request");
                    entries.addAll(r.entries());
                    if (!r.moreToSend()) break;
                    send(a, new HandleTableRequest(id, 0, false));
                }
            }
            int self = id;
            return new Result(registrarId, peers.stream().filter(s -> s.serverIdentifier() != self).toList(), entries);
        } finally {
            a.close();
        }
    }

    /**
     * The association's local addresses and port: RSPLIB accepts the Presence only if they match what it sees
     * as our side of the association. A wildcard-bound side lists the machine's addresses instead.
     */
    private static TransportParameter ownTransport(Association a, boolean tcp) throws IOException {
        int port = a.localAddresses().get(0).getPort();
        List<InetAddress> addresses = new ArrayList<>();
        for (InetSocketAddress local : a.localAddresses()) {
            if (!local.getAddress().isAnyLocalAddress()) addresses.add(local.getAddress());
        }
        if (addresses.isEmpty()) {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) addresses.add(address);
                }
            }
        }
        if (tcp) return new TcpTransport(port, TransportUse.DATA_ONLY, addresses.get(0));
        return new SctpTransport(port, TransportUse.DATA_ONLY,
                addresses.subList(0, Math.min(addresses.size(), TransportParameter.MAX_ADDRESSES)));
    }

    private static void send(Association a, EnrpMessage m) throws IOException {
        a.send(Protocol.ENRP, EnrpCodec.INSTANCE.encode(m));
    }
}
