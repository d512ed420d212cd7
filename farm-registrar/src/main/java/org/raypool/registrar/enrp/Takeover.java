package org.raypool.registrar.enrp;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.InitTakeover;
import org.raypool.wire.enrp.InitTakeoverAck;
import org.raypool.wire.enrp.TakeoverServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takeover of a silent peer's PEs (docs/protocol/registrar-behaviour.md §5.6): Init Takeover to every peer, Init
 * Takeover Ack from all others, then Takeover Server and an H-bit Keep-Alive to each PE. Of two registrars taking over
 * the same peer the one with the lower ID goes on; the other acks it. [PROJECT] Peers that are silent themselves when
 * the takeover starts, or that leave the list meanwhile, are not waited for (RSPLIB waits for every peer, so a
 * second dead registrar or a dump client that just left would make the takeover expire).
 */
final class Takeover {
    private static final Logger log = LoggerFactory.getLogger(Takeover.class);

    private final EnrpServer server;

    Takeover(EnrpServer server) {
        this.server = server;
    }

    /** MAX_TIME_NO_RESPONSE passed. */
    void peerSilent(Peer peer) {
        int target = peer.identifier;
        long silentFor = server.loop.now() - peer.lastHeard;
        if (peer.takeoverRegistrarId != 0) {
            log.info("{} silent for {} ms and taken over by {}; dropping it", peer, silentFor,
                    EnrpServer.hex(peer.takeoverRegistrarId));
            server.drop(peer);
            return;
        }
        int owned = server.handlespace.ownedCount(target);
        if (owned == 0) {
            log.info("{} silent for {} ms and owns no PEs; dropping it", peer, silentFor);
            server.drop(peer);
            return;
        }
        Set<Integer> acks = new HashSet<>();
        for (Peer p : server.peers.identified()) {
            if (p.identifier != target && !p.awaitingResponse) acks.add(p.identifier);
        }
        TakeoverProcess process = new TakeoverProcess(target, acks, server.loop.now());
        peer.takeover = process;
        log.info("{} silent for {} ms: taking over its {} PEs, waiting for acks from {}", peer, silentFor, owned,
                acks.stream().map(EnrpServer::hex).toList());
        server.sendToAll(to -> new InitTakeover(server.ownId, to, target));
        peer.cancelTimer();
        peer.timer = server.loop.schedule(server.config.takeoverExpiry(), () -> expired(peer, process));
        if (acks.isEmpty()) finish(peer, process);
    }

    /** A Presence from the peer: it is alive, whoever was taking it over stops. */
    void peerAlive(Peer peer) {
        if (peer.takeover != null) log.info("takeover of {} abandoned: it is alive", peer);
        peer.takeover = null;
        peer.takeoverRegistrarId = 0;
    }

    void onInitTakeover(InitTakeover m, Association via) {
        int target = m.targetServerIdentifier();
        int sender = m.senderServerIdentifier();
        if (target == server.ownId) {
            log.warn("{} wants to take us over; telling everybody we are alive", EnrpServer.hex(sender));
            server.monitor.announceAlive();
            return;
        }
        Peer t = server.peers.byId(target).orElse(null);
        Optional<String> refused = server.admission.takeover(target,
                t == null ? Optional.empty() : Optional.of(t.lastHeard), server.loop.now(),
                server.config.maxTimeLastHeard().toMillis());
        if (refused.isPresent()) {
            server.refuse(via, m, refused.get() + "; no ack");
            return;
        }
        if (t != null && t.takeover != null) {
            if (Integer.compareUnsigned(sender, server.ownId) < 0) {
                log.info("{} takes over {} too and has the lower ID; we yield", EnrpServer.hex(sender), t);
                t.takeover = null;
                t.takeoverRegistrarId = sender;
                t.cancelTimer();
                t.timer = server.loop.schedule(server.config.maxTimeNoResponse(), () -> {
                    if (t.identifier == target) peerSilent(t);
                });
                server.reply(via, sender, new InitTakeoverAck(server.ownId, sender, target));
            }
            return;
        }
        if (t != null) t.takeoverRegistrarId = sender;
        server.reply(via, sender, new InitTakeoverAck(server.ownId, sender, target));
    }

    void onAck(InitTakeoverAck m) {
        Peer t = server.peers.byId(m.targetServerIdentifier()).orElse(null);
        if (t == null || t.takeover == null) return;
        if (t.takeover.acked(m.senderServerIdentifier())) finish(t, t.takeover);
    }

    private void expired(Peer peer, TakeoverProcess process) {
        if (peer.takeover != process) return;
        log.warn("takeover of {} failed: no ack from {} within {} ms; dropping it (its PEs expire)", peer,
                process.outstandingAcks.stream().map(EnrpServer::hex).toList(),
                server.config.takeoverExpiry().toMillis());
        server.drop(peer);
    }

    private void finish(Peer peer, TakeoverProcess process) {
        int target = process.target;
        peer.takeover = null;
        peer.cancelTimer();
        server.sendToAll(to -> new TakeoverServer(server.ownId, to, target));
        List<PoolElementEntry> moved = server.handlespace.changeOwner(target, server.ownId);
        for (PoolElementEntry e : moved) server.takeOverProbe.accept(e);
        log.info("took over {} PEs of {}: {} ms after it was last heard, {} ms after the takeover started",
                moved.size(), EnrpServer.hex(target), server.loop.now() - peer.lastHeard,
                server.loop.now() - process.startedAt);
        server.drop(peer);
    }

    /** A peer left the list: no takeover waits for its ack any longer. */
    void peerGone(int id) {
        for (Peer t : server.peers.identified()) {
            TakeoverProcess process = t.takeover;
            if (process != null && process.outstandingAcks.contains(id) && process.acked(id)) finish(t, process);
        }
    }

    void onTakeoverServer(TakeoverServer m, Association via) {
        int target = m.targetServerIdentifier();
        if (target == server.ownId) {
            log.warn("{} took over our PEs; they return with their next re-registration or our resync",
                    EnrpServer.hex(m.senderServerIdentifier()));
            return;
        }
        Peer t = server.peers.byId(target).orElse(null);
        Optional<String> refused = server.admission.takeover(target,
                t == null ? Optional.empty() : Optional.of(t.lastHeard), server.loop.now(),
                server.config.maxTimeLastHeard().toMillis());
        if (refused.isEmpty() && t != null && t.takeoverRegistrarId != m.senderServerIdentifier()) {
            refused = Optional.of("it announced no takeover of " + EnrpServer.hex(target) + " that we acked");
        }
        if (refused.isPresent()) {
            server.refuse(via, m, refused.get());
            return;
        }
        List<PoolElementEntry> moved = server.handlespace.changeOwner(target, m.senderServerIdentifier());
        log.info("{} took over {} PEs of {}", EnrpServer.hex(m.senderServerIdentifier()), moved.size(),
                EnrpServer.hex(target));
        if (t != null) t.takeoverRegistrarId = m.senderServerIdentifier();
    }
}
