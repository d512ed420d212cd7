package org.raypool.registrar.enrp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.param.ServerInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence sender and receiver with the peer timers (docs/protocol/registrar-behaviour.md §5.2, §5.3, §5.6 first half):
 * the heartbeat cycle to the multicast group and every peer, new peers from any Presence, checksum resync and list
 * sync on unicast Presences, and MAX_TIME_LAST_HEARD / MAX_TIME_NO_RESPONSE per peer.
 */
final class PeerMonitor {
    private static final Logger log = LoggerFactory.getLogger(PeerMonitor.class);

    private final EnrpServer server;
    private boolean cycling;
    /** Registrars heard by multicast that we are contacting, by address ("ENRP admission", rule 5). */
    private final Map<InetSocketAddress, Peer> contacts = new HashMap<>();
    private final Set<Integer> multicastRefusalLogged = new HashSet<>();

    PeerMonitor(EnrpServer server) {
        this.server = server;
    }

    Presence presence(int receiver, boolean replyRequired) {
        return new Presence(server.ownId, receiver, replyRequired, server.handlespace.peChecksum(server.ownId),
                server.serverInformation());
    }

    void startCycle() {
        if (cycling) return;
        cycling = true;
        heartbeat();
    }

    private void heartbeat() {
        if (server.channel.multicasting()) server.channel.multicast(presence(0, false));
        for (Peer p : server.peers.all()) server.channel.send(p, presence(p.identifier, false));
        long ms = server.config.peerHeartbeatCycle().toMillis();
        long next = ms - ms / 8 + (long) (ThreadLocalRandom.current().nextDouble() * (ms / 4.0));
        server.loop.schedule(Duration.ofMillis(Math.max(1, next)), this::heartbeat);
    }

    /** Sends Presences to everybody now (an Init Takeover named us: we are alive). */
    void announceAlive() {
        if (server.channel.multicasting()) server.channel.multicast(presence(0, false));
        for (Peer p : server.peers.all()) server.channel.send(p, presence(p.identifier, false));
    }

    /**
     * A message from {@code sender} came on {@code via}: that is the peer's association from now on, unless it
     * already has another open one. Over TCP the one opened by the lower registrar ID stays and the other is
     * closed ([PROJECT]). Over SCTP one the peer opened wins and both stay: RSPLIB opens its associations from its
     * ENRP port and accepts a Presence only if it comes from the port the Presence names, which our outgoing
     * associations (from an ephemeral port) do not.
     */
    void bind(int sender, Association via) {
        Peer peer = server.peers.byId(sender).orElse(null);
        if (peer == null || peer.association == via) return;
        if (peer.association == null || !peer.association.isOpen()) {
            peer.association = via;
            return;
        }
        if (!server.channel.isTcp()) {
            if (!server.channel.opened(via)) peer.association = via;
            return;
        }
        boolean keepOurs = Integer.compareUnsigned(server.ownId, sender) < 0;
        Association current = peer.association;
        boolean keepVia = server.channel.opened(via) == keepOurs && server.channel.opened(current) != keepOurs;
        if (keepVia) {
            peer.association = via;
            if (server.channel.isTcp()) current.close();
        } else if (server.channel.isTcp() && server.channel.opened(via) != keepOurs) {
            via.close();
        }
    }

    /**
     * A Presence heard on the multicast group never changes the peer table or a peer's timers: anybody can send
     * one. From a stranger it only makes us open an association to the address it names and ask for a Presence;
     * the answer on that association makes it a peer ({@link #onPresence}).
     */
    void onMulticastPresence(Presence p, InetSocketAddress multicastSource) {
        int sender = p.senderServerIdentifier();
        if (sender == 0 || server.peers.byId(sender).isPresent()) return;
        List<InetSocketAddress> addresses = addressesOf(p.serverInformation(), null, multicastSource);
        if (addresses.isEmpty() || contacts.containsKey(addresses.get(0))) return;
        Optional<String> full = server.admission.newPeer(server.peers.identified().size() + contacts.size());
        if (full.isPresent()) {
            if (multicastRefusalLogged.size() < server.config.maxPeers() && multicastRefusalLogged.add(sender)) {
                log.warn("multicast Presence from {} at {} not followed: {}", EnrpServer.hex(sender), addresses,
                        full.get());
            }
            return;
        }
        Peer contact = new Peer(0, addresses, false);
        contacts.put(addresses.get(0), contact);
        log.info("multicast Presence from {} at {}: asking it over an association", EnrpServer.hex(sender),
                addresses);
        server.channel.send(contact, presence(0, true));
        server.loop.schedule(server.config.maxTimeNoResponse().plus(server.config.maxTimeLastHeard()), () -> {
            if (contacts.remove(addresses.get(0), contact) && contact.association != null) {
                log.info("{} did not answer our Presence; closing the association", contact);
                contact.association.close();
            }
        });
    }

    void onPresence(Presence p, Association via, InetSocketAddress multicastSource) {
        int sender = p.senderServerIdentifier();
        List<InetSocketAddress> addresses = addressesOf(p.serverInformation(), via, multicastSource);
        if (addresses.isEmpty()) {
            log.debug("Presence from {} without a usable address ignored", EnrpServer.hex(sender));
            return;
        }
        Peer peer = server.peers.byId(sender).orElse(null);
        boolean isNew = peer == null;
        if (isNew) {
            peer = server.peers.unidentifiedStaticAt(addresses).orElse(null);
            if (peer == null) {
                Optional<String> full = server.admission.newPeer(server.peers.identified().size());
                if (full.isPresent()) {
                    server.refuse(via, p, full.get());
                    return;
                }
                peer = new Peer(sender, addresses, false);
                server.peers.add(peer);
            }
            peer.identifier = sender;
            contacts.values().removeIf(c -> c.outbound == via);
            peer.association = via;
            if (server.channel.opened(via)) {
                peer.outbound = via;
            } else {
                peer.inbound = via;
            }
            log.info("new peer {} at {} ({})", peer, addresses, via.id());
        } else if (!peer.isStatic) {
            peer.addresses = addresses;
        }
        if (isNew) server.reply(via, sender, presence(sender, true));
        if (server.needsMentor()) {
            server.mentorChosen(peer);
            server.lists.request(peer);
            server.tables.request(peer, false);
        }
        if (via != null) {
            int ours = server.handlespace.checksum(sender);
            if (!peer.tableSyncRunning && ours != p.checksum().value()) {
                int marked = server.handlespace.markOwnedBy(sender);
                log.info("checksum of {} is 0x{}, ours for it 0x{}: resynchronising its PEs ({} marked)", peer,
                        Integer.toHexString(p.checksum().value()), Integer.toHexString(ours), marked);
                server.tables.request(peer, true);
            }
            if (!peer.listSynced) server.lists.request(peer);
        }
        restartLastHeard(peer);
        if (p.replyRequired() && via != null) server.channel.sendOn(via, presence(sender, false));
        server.takeovers.peerAlive(peer);
    }

    private static List<InetSocketAddress> addressesOf(ServerInformation info, Association via,
            InetSocketAddress multicastSource) {
        int port = info.transport().port();
        if (port == 0) return List.of();
        if (multicastSource != null) return List.of(new InetSocketAddress(multicastSource.getAddress(), port));
        List<InetAddress> remote = via.remoteAddresses().stream().map(InetSocketAddress::getAddress).toList();
        List<InetAddress> usable = new ArrayList<>(info.transport().addresses().stream().filter(remote::contains).toList());
        if (usable.isEmpty()) usable.addAll(remote);
        return usable.stream().map(a -> new InetSocketAddress(a, port)).toList();
    }

    void restartLastHeard(Peer peer) {
        peer.cancelTimer();
        peer.lastHeard = server.loop.now();
        peer.awaitingResponse = false;
        int id = peer.identifier;
        peer.timer = server.loop.schedule(server.config.maxTimeLastHeard(), () -> lastHeardExpired(peer, id));
    }

    private void lastHeardExpired(Peer peer, int id) {
        if (peer.identifier != id) return;
        log.info("{} not heard for {} ms; asking for a Presence", peer, server.loop.now() - peer.lastHeard);
        peer.awaitingResponse = true;
        server.channel.send(peer, presence(id, true));
        peer.timer = server.loop.schedule(server.config.maxTimeNoResponse(), () -> {
            if (peer.identifier == id) server.takeovers.peerSilent(peer);
        });
    }
}
