package org.raypool.registrar.enrp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.raypool.registrar.handlespace.Pool;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.HandleTableRequest;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.PoolEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handle Table Request and Response (docs/protocol/registrar-behaviour.md §5.5): the responder sends at most
 * {@link EnrpConfig#maxElementsPerHandleTableResponse()} PEs and 1400 bytes per response and continues where it
 * stopped (M bit) on the requester's next request; the requester stores what it gets and, at the end, purges the
 * PEs of that peer that are still marked.
 */
final class HandleTableSync {
    private static final Logger log = LoggerFactory.getLogger(HandleTableSync.class);
    private static final Comparator<PoolEntry> ORDER = Comparator.<PoolEntry, org.raypool.wire.param.PoolHandle>comparing(
            PoolEntry::poolHandle).thenComparing((a, b) -> Integer.compareUnsigned(a.poolElement().identifier(),
                    b.poolElement().identifier()));

    private final EnrpServer server;

    HandleTableSync(EnrpServer server) {
        this.server = server;
    }

    /** @param ownChildrenOnly W bit: only the PEs whose home is the peer (checksum resync); else everything */
    void request(Peer peer, boolean ownChildrenOnly) {
        peer.tableSyncRunning = true;
        server.channel.send(peer, new HandleTableRequest(server.ownId, peer.identifier, ownChildrenOnly));
    }

    void onRequest(HandleTableRequest r, Association via) {
        int requester = r.senderServerIdentifier();
        Peer peer = server.peers.byId(requester).orElse(null);
        if (peer == null) {
            log.info("Handle Table Request from unknown {} rejected", EnrpServer.hex(requester));
            server.reply(via, requester, new HandleTableResponse(server.ownId, requester, true, false, List.of()));
            return;
        }
        List<PoolEntry> all = new ArrayList<>();
        if (r.ownChildrenOnly()) {
            for (PoolElementEntry e : server.handlespace.ownedBy(server.ownId)) add(all, e);
        } else {
            for (Pool pool : server.handlespace.pools()) {
                for (PoolElementEntry e : pool.entries()) add(all, e);
            }
        }
        PoolEntry after = peer.tableResponsePosition;
        List<PoolEntry> block = new ArrayList<>();
        boolean more = false;
        for (PoolEntry e : all) {
            if (after != null && ORDER.compare(e, after) <= 0) continue;
            if (block.size() >= server.config.maxElementsPerHandleTableResponse()) {
                more = true;
                break;
            }
            block.add(e);
            if (block.size() > 1 && size(requester, block) > HandleTableResponse.DEFAULT_MAX_BYTES) {
                block.remove(block.size() - 1);
                more = true;
                break;
            }
        }
        peer.tableResponsePosition = more ? block.get(block.size() - 1) : null;
        log.debug("Handle Table Response to {}: {} PEs{}", peer, block.size(), more ? ", more to send" : "");
        server.reply(via, requester, new HandleTableResponse(server.ownId, requester, false, more, block));
    }

    private static void add(List<PoolEntry> list, PoolElementEntry e) {
        if (e.poolElement().asapTransport().isPresent()) list.add(new PoolEntry(e.poolHandle(), e.poolElement()));
    }

    private int size(int requester, List<PoolEntry> block) {
        return EnrpCodec.INSTANCE.encode(new HandleTableResponse(server.ownId, requester, false, true, block)).length;
    }

    void onResponse(HandleTableResponse r, Association via) {
        int sender = r.senderServerIdentifier();
        Peer peer = server.peers.byId(sender).orElse(null);
        if (peer == null || !peer.tableSyncRunning) {
            server.refuse(via, r, "we asked for no Handle Table");
            return;
        }
        if (r.rejected()) {
            log.warn("{} rejected our Handle Table Request", EnrpServer.hex(sender));
            if (peer != null) peer.tableSyncRunning = false;
            return;
        }
        for (PoolEntry e : r.entries()) {
            if (e.poolElement().homeRegistrarIdentifier() == 0 || e.poolElement().asapTransport().isEmpty()) {
                log.warn("Handle Table Response from {} ignored: PE {} has no home or no ASAP transport",
                        EnrpServer.hex(sender), EnrpServer.hex(e.poolElement().identifier()));
                if (peer != null) peer.tableSyncRunning = false;
                return;
            }
        }
        for (PoolEntry e : r.entries()) {
            // A mentor's W = 0 table lists the PEs it still has homed at us (we restarted): ours come back over ASAP.
            if (e.poolElement().homeRegistrarIdentifier() == server.ownId) continue;
            Optional<String> refused = server.updates.admit(sender, e.poolHandle(), e.poolElement(), false,
                    peer.mentor);
            if (refused.isPresent()) {
                server.refuse(via, r, refused.get());
            } else {
                server.updates.learn(e.poolHandle(), e.poolElement(), false);
            }
        }
        if (r.moreToSend()) {
            request(peer, !peer.mentor);
            return;
        }
        peer.tableSyncRunning = false;
        List<PoolElementEntry> purged = server.handlespace.purgeMarked(sender);
        if (!purged.isEmpty()) log.info("{} no longer owns {} PEs; removed them", peer, purged.size());
        if (peer.mentor) {
            peer.mentor = false;
            server.mentorSyncDone(peer);
        }
    }
}
