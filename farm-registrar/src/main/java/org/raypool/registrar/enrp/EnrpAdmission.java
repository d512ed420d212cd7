package org.raypool.registrar.enrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.TransportParameter;

/**
 * The ENRP admission rules of open mode (docs/protocol/registrar-behaviour.md "ENRP admission"), applied after a
 * message is decoded and before any role acts on it. Pure: every fact (peer state, existing entry, time) is passed
 * in, and the answer is empty (admit) or the reason of the refusal.
 */
record EnrpAdmission(int ownId, Limits limits) {

    /**
     * @param maxPeers               identified peers in the table ({@code --max-enrp-peers})
     * @param maxPoolElementsPerPeer PEs one peer may be home of in our handlespace ({@code --max-pes-per-peer})
     * @param maxRegistrationLife    ms; a longer Registration Life learned over ENRP is cut to this
     *                               ({@code --max-registration-life})
     */
    record Limits(int maxPeers, int maxPoolElementsPerPeer, long maxRegistrationLife) {
        Limits {
            if (maxPeers < 1 || maxPoolElementsPerPeer < 1 || maxRegistrationLife < 1) {
                throw new IllegalArgumentException("ENRP limits must be >= 1");
            }
        }
    }

    /**
     * What we know about the association a message came on.
     *
     * @param boundTo            identifier of the peer entry this association already speaks for, 0 = none
     * @param opened             we opened it (to a peer's listed address)
     */
    record Via(int boundTo, boolean opened) {}

    /**
     * What we know about the claimed sender.
     *
     * @param known              it is an identified entry of our peer table
     * @param liveInbound        it already has an open association that it opened to us, and answers (a peer we are
     *                           asking for a Presence may be behind a half-open association after a cable cut)
     */
    record Sender(boolean known, boolean liveInbound) {
        static final Sender UNKNOWN = new Sender(false, false);
    }

    /**
     * Rule 1: a Server Identifier belongs to the association it first came over. Our own outgoing associations to a
     * peer's address count as the peer's too (over TCP both registrars connect, over SCTP both associations stay,
     * §5.3), and a peer has at most one live association that it opened to us.
     */
    Optional<String> sender(int sender, Via via, Sender known) {
        if (sender == 0) return Optional.of("Server Identifier 0");
        if (sender == ownId) return Optional.of("claims our own Server Identifier");
        if (via.boundTo() != 0 && via.boundTo() != sender) {
            return Optional.of("association already speaks for " + EnrpServer.hex(via.boundTo()));
        }
        if (!known.known() || via.boundTo() == sender) return Optional.empty();
        if (!via.opened() && !known.liveInbound()) return Optional.empty();
        return Optional.of(EnrpServer.hex(sender) + " is live on another association");
    }

    /** Rule 4: a Presence from a stranger adds a peer only while the table has room. */
    Optional<String> newPeer(int identifiedPeers) {
        return identifiedPeers >= limits.maxPeers()
                ? Optional.of("peer table full (" + limits.maxPeers() + ", --max-enrp-peers)")
                : Optional.empty();
    }

    /**
     * The entry a PE identifier already has in our handlespace.
     *
     * @param home         its home registrar
     * @param homeLive     that home is us or a live peer (identified, not being taken over)
     * @param reached      ours and with an ASAP association (not merely taken over and never reached)
     */
    record Existing(int home, boolean homeLive, boolean reached) {}

    /**
     * Rules 2 and 3 for one PE of a Handle Update or Handle Table Response.
     *
     * @param existing     the entry of that PE identifier, empty if none
     * @param fullTable    a mentor's W = 0 response, which lists the PEs of every registrar it knows
     * @param ownedBySender PEs the sender is home of in our handlespace now
     */
    Optional<String> poolElement(int sender, PoolElement pe, boolean delete, Optional<Existing> existing,
            boolean fullTable, int ownedBySender) {
        int home = pe.homeRegistrarIdentifier();
        if (home != sender && !(fullTable && !delete)) {
            return Optional.of("home " + EnrpServer.hex(home) + " is not the sender (RFC 5353: a PR announces "
                    + "only its own PEs)");
        }
        if (home == 0 || home == ownId) return Optional.of("home " + EnrpServer.hex(home) + " is not a peer");
        if (existing.isPresent()) {
            Existing e = existing.get();
            if (e.home() == ownId && (delete || e.reached())) return Optional.of("PE is ours");
            if (e.home() != ownId && e.home() != sender && e.homeLive()) {
                return Optional.of("PE belongs to live peer " + EnrpServer.hex(e.home()));
            }
        }
        if (delete) return Optional.empty();
        boolean newToSender = existing.isEmpty() || existing.get().home() != home;
        if (home == sender && newToSender && ownedBySender >= limits.maxPoolElementsPerPeer()) {
            return Optional.of("sender is home of " + ownedBySender + " PEs already (--max-pes-per-peer "
                    + limits.maxPoolElementsPerPeer() + ")");
        }
        if (pe.asapTransport().isEmpty()) return Optional.of("no ASAP transport");
        for (TransportParameter t : new TransportParameter[] {pe.userTransport(), pe.asapTransport().get()}) {
            Optional<String> bad = addresses(t);
            if (bad.isPresent()) return bad;
        }
        return Optional.empty();
    }

    private static Optional<String> addresses(TransportParameter t) {
        if (t.port() == 0) return Optional.of("port 0");
        if (t.addresses().isEmpty()) return Optional.of("no address");
        for (InetAddress a : t.addresses()) {
            if (a.isAnyLocalAddress() || a.isMulticastAddress() || isBroadcast(a)) {
                return Optional.of("address " + a.getHostAddress() + " is a wildcard, multicast or broadcast address");
            }
        }
        return Optional.empty();
    }

    /** The limited broadcast address; a subnet's broadcast address needs its mask, which a PE does not send. */
    private static boolean isBroadcast(InetAddress a) {
        return a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255");
    }

    /** Rule 3: the Registration Life we believe. */
    PoolElement capped(PoolElement pe) {
        if (pe.registrationLife() <= limits.maxRegistrationLife()) return pe;
        return new PoolElement(pe.identifier(), pe.homeRegistrarIdentifier(), limits.maxRegistrationLife(),
                pe.userTransport(), pe.policy(), pe.asapTransport());
    }

    /**
     * Rule 2, takeover: we ack an Init Takeover, and believe a Takeover Server, only for a target that is
     * unreachable as seen by us (RFC 5353: the taker found it unreachable; we must not help take over a PR we
     * still hear).
     *
     * @param targetLastHeard when we last heard the target, empty if it is not in our peer table
     */
    Optional<String> takeover(int target, Optional<Long> targetLastHeard, long now, long maxTimeLastHeard) {
        if (target == ownId) return Optional.of("the target is us");
        if (targetLastHeard.isPresent() && now - targetLastHeard.get() < maxTimeLastHeard) {
            return Optional.of("we heard " + EnrpServer.hex(target) + " " + (now - targetLastHeard.get())
                    + " ms ago");
        }
        return Optional.empty();
    }
}
