package org.raypool.registrar.enrp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.PoolEntry;

/**
 * One entry of the peer list (docs/protocol/registrar-behaviour.md §5.1): a registrar we know, its ENRP addresses, the
 * association to it and the state of the roles that talk to it. Lives on the event loop; the roles change it directly.
 */
final class Peer {
    /** 0 until heard from (a {@code --peer} entry). */
    int identifier;
    List<InetSocketAddress> addresses;
    final boolean isStatic;
    Association association;
    /** The one association the peer opened to us that speaks for it ("ENRP admission", rule 1). */
    Association inbound;
    /** The association we opened to its addresses. */
    Association outbound;
    boolean connecting;
    final List<EnrpMessage> queued = new ArrayList<>();
    long lastHeard;
    /** MAX_TIME_LAST_HEARD, then MAX_TIME_NO_RESPONSE (one timer at a time, as RSPLIB). */
    ScheduledFuture<?> timer;
    boolean awaitingResponse;
    boolean listSynced;
    boolean tableSyncRunning;
    boolean mentor;
    /** Who announced a takeover of this peer (0 = nobody). */
    int takeoverRegistrarId;
    TakeoverProcess takeover;
    /** Handle Table Response continuation for this requester: the last entry sent, null = from the start. */
    PoolEntry tableResponsePosition;

    Peer(int identifier, List<InetSocketAddress> addresses, boolean isStatic) {
        this.identifier = identifier;
        this.addresses = List.copyOf(addresses);
        this.isStatic = isStatic;
    }

    void cancelTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    /** Forget what was learned from the registrar behind a static entry (it died or was taken over). */
    void reset() {
        cancelTimer();
        inbound = null;
        identifier = 0;
        awaitingResponse = false;
        listSynced = false;
        tableSyncRunning = false;
        mentor = false;
        takeoverRegistrarId = 0;
        takeover = null;
        tableResponsePosition = null;
    }

    @Override
    public String toString() {
        return identifier == 0 ? "peer " + addresses : String.format("peer 0x%08x", identifier);
    }
}
