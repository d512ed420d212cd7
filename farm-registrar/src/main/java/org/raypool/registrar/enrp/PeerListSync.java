package org.raypool.registrar.enrp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.enrp.ListResponse;
import org.raypool.wire.param.ServerInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * List Request and Response (docs/protocol/registrar-behaviour.md §5.7): peers tell each other the registrars they
 * know.
 */
final class PeerListSync {
    private static final Logger log = LoggerFactory.getLogger(PeerListSync.class);

    private final EnrpServer server;

    PeerListSync(EnrpServer server) {
        this.server = server;
    }

    void request(Peer peer) {
        peer.listSynced = true;
        server.channel.send(peer, new ListRequest(server.ownId, peer.identifier));
    }

    void onRequest(ListRequest r, Association via) {
        List<ServerInformation> servers = new ArrayList<>();
        for (Peer p : server.peers.identified()) {
            if (!p.addresses.isEmpty()) servers.add(new ServerInformation(p.identifier, server.channel.transportOf(p.addresses)));
        }
        server.reply(via, r.senderServerIdentifier(),
                new ListResponse(server.ownId, r.senderServerIdentifier(), false, servers));
    }

    void onResponse(ListResponse r) {
        for (ServerInformation s : r.servers()) {
            int id = s.serverIdentifier();
            if (id == 0 || id == server.ownId || server.peers.byId(id).isPresent()) continue;
            List<InetSocketAddress> addresses = s.transport().addresses().stream()
                    .map(a -> new InetSocketAddress(a, s.transport().port())).toList();
            Peer peer = server.peers.unidentifiedStaticAt(addresses).orElse(null);
            if (peer != null) {
                peer.identifier = id;
            } else if (server.admission.newPeer(server.peers.identified().size()).isPresent()) {
                log.debug("{} from the list of {} not added: peer table full", EnrpServer.hex(id),
                        EnrpServer.hex(r.senderServerIdentifier()));
                continue;
            } else {
                peer = new Peer(id, addresses, false);
                server.peers.add(peer);
            }
            log.info("new peer {} at {} (from the list of {})", peer, addresses,
                    EnrpServer.hex(r.senderServerIdentifier()));
            server.monitor.restartLastHeard(peer);
            server.channel.send(peer, server.monitor.presence(id, false));
        }
    }
}
