package org.raypool.registrar.enrp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import org.raypool.registrar.asap.AsapServer;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.registrar.handlespace.RegistrationResult;
import org.raypool.transport.Association;
import org.raypool.wire.enrp.HandleUpdate;
import org.raypool.wire.enrp.UpdateAction;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handle Update sender and receiver (docs/protocol/registrar-behaviour.md §3.2 step 7, §3.3, §5.4), and the expiry of
 * PEs learned from peers: each is removed when its Registration Life passes without news from its home registrar.
 */
final class HandleUpdates implements AsapServer.OwnedElementListener {
    private static final Logger log = LoggerFactory.getLogger(HandleUpdates.class);

    private final EnrpServer server;
    private ScheduledFuture<?> expiryTimer;
    private long expiryTimerDeadline = Long.MAX_VALUE;

    HandleUpdates(EnrpServer server) {
        this.server = server;
    }

    @Override
    public void added(PoolHandle poolHandle, PoolElement element) {
        server.sendToAll(to -> new HandleUpdate(server.ownId, to, false, UpdateAction.ADD_PE, poolHandle, element));
    }

    @Override
    public void removed(PoolHandle poolHandle, PoolElement element) {
        server.sendToAll(to -> new HandleUpdate(server.ownId, to, false, UpdateAction.DELETE_PE, poolHandle, element));
    }

    void onHandleUpdate(HandleUpdate u, Association via) {
        PoolElement pe = u.poolElement();
        PoolElementEntry existing = server.handlespace.lookup(u.poolHandle(), pe.identifier()).orElse(null);
        Optional<String> refused = admit(u.senderServerIdentifier(), u.poolHandle(), pe,
                u.action() == UpdateAction.DELETE_PE, false);
        if (refused.isPresent()) {
            server.refuse(via, u, refused.get());
            return;
        }
        if (u.action() == UpdateAction.DELETE_PE) {
            if (existing != null) {
                server.handlespace.deregister(u.poolHandle(), pe.identifier());
                log.info("PE {} of pool '{}' deleted by {}", EnrpServer.hex(pe.identifier()), u.poolHandle(),
                        EnrpServer.hex(u.senderServerIdentifier()));
            }
            return;
        }
        if (existing != null && existing.isOwnedBy(server.ownId)) {
            log.info("PE {} of pool '{}', taken over by us but never reached, re-registered at {}",
                    EnrpServer.hex(pe.identifier()), u.poolHandle(), EnrpServer.hex(pe.homeRegistrarIdentifier()));
        }
        if (learn(u.poolHandle(), pe, true, u.senderServerIdentifier() == pe.homeRegistrarIdentifier())) {
            log.debug("PE {} of pool '{}' updated by {}", EnrpServer.hex(pe.identifier()), u.poolHandle(),
                    EnrpServer.hex(u.senderServerIdentifier()));
        }
    }

    /** Rules 2 to 4 of "ENRP admission" for one PE a peer announces; the reason names the PE. */
    Optional<String> admit(int sender, PoolHandle poolHandle, PoolElement pe, boolean delete, boolean fullTable) {
        PoolElementEntry existing = server.handlespace.lookup(poolHandle, pe.identifier()).orElse(null);
        Optional<EnrpAdmission.Existing> known = existing == null ? Optional.empty()
                : Optional.of(new EnrpAdmission.Existing(existing.homeRegistrarId(),
                        server.isLive(existing.homeRegistrarId()), existing.connection() != null));
        return server.admission.poolElement(sender, pe, delete, known, fullTable,
                server.handlespace.ownedCount(sender)).map(reason -> "PE " + EnrpServer.hex(pe.identifier())
                        + " of pool '" + poolHandle + "': " + reason);
    }

    /**
     * Stores a PE a peer told us about (Handle Table Response entry) and starts its expiry.
     *
     * @param restartExpiry true for a Handle Update; a table entry only gets a deadline if it has none
     * @return false if it was not stored (ours, invalid or rejected)
     */
    boolean learn(PoolHandle poolHandle, PoolElement pe, boolean restartExpiry) {
        return learn(poolHandle, pe, restartExpiry, false);
    }

    /**
     * @param fromHome the PE's home registrar itself says so (Handle Update): that overrides our ownership of a PE
     *                 we took over but never reached ([PROJECT]: it has re-registered there)
     */
    private boolean learn(PoolHandle poolHandle, PoolElement pe, boolean restartExpiry, boolean fromHome) {
        if (pe.homeRegistrarIdentifier() == server.ownId || pe.homeRegistrarIdentifier() == 0
                || pe.asapTransport().isEmpty()) {
            return false;
        }
        PoolElementEntry existing = server.handlespace.lookup(poolHandle, pe.identifier()).orElse(null);
        if (existing != null && existing.isOwnedBy(server.ownId) && (!fromHome || existing.connection() != null)) {
            return false;
        }
        pe = server.admission.capped(pe);
        RegistrationResult result = server.handlespace.registerOrUpdate(poolHandle, pe, null);
        if (!(result instanceof RegistrationResult.Accepted accepted)) {
            log.warn("PE {} of pool '{}' from {} not stored: {}", EnrpServer.hex(pe.identifier()), poolHandle,
                    EnrpServer.hex(pe.homeRegistrarIdentifier()), result);
            return false;
        }
        PoolElementEntry entry = accepted.entry();
        if (restartExpiry || entry.expiryDeadline().isEmpty()) {
            server.handlespace.restartExpiry(entry, server.loop.now() + pe.registrationLife());
            armExpiryTimer();
        }
        return true;
    }

    /** Keeps one timer at the earliest deadline of the handlespace. */
    void armExpiryTimer() {
        OptionalLong next = server.handlespace.nextExpiry();
        if (next.isEmpty() || next.getAsLong() >= expiryTimerDeadline) return;
        if (expiryTimer != null) expiryTimer.cancel(false);
        expiryTimerDeadline = next.getAsLong();
        expiryTimer = server.loop.schedule(Duration.ofMillis(expiryTimerDeadline - server.loop.now()), this::expire);
    }

    private void expire() {
        expiryTimer = null;
        expiryTimerDeadline = Long.MAX_VALUE;
        List<PoolElementEntry> expired = server.handlespace.expire(server.loop.now());
        for (PoolElementEntry e : expired) {
            log.info("PE {} of pool '{}' (home {}) expired: no news within its registration life",
                    EnrpServer.hex(e.identifier()), e.poolHandle(), EnrpServer.hex(e.homeRegistrarId()));
        }
        armExpiryTimer();
    }
}
