package org.raypool.registrar.enrp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Consumer;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.RegistrarLimits;
import org.raypool.registrar.inbound.Admission;
import org.raypool.registrar.asap.AsapServer;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.transport.Association;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.wire.enrp.EnrpError;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.HandleTableRequest;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.HandleUpdate;
import org.raypool.wire.enrp.InitTakeover;
import org.raypool.wire.enrp.InitTakeoverAck;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.enrp.ListResponse;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.enrp.TakeoverServer;
import org.raypool.wire.param.ServerInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's ENRP side (docs/protocol/registrar-behaviour.md §5), split by role as RSPLIB: {@link PeerMonitor}
 * (Presences, peer timers), {@link HandleUpdates} (pushing and applying Handle Updates, expiry of foreign PEs),
 * {@link HandleTableSync} (bulk synchronisation), {@link PeerListSync} (List Request/Response) and
 * {@link Takeover}. This class holds what they share, dispatches messages and runs the start-up phase
 * (mentor discovery, §1). Everything runs on the registrar's {@link EventLoop}.
 */
public final class EnrpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnrpServer.class);

    final EnrpConfig config;
    final int ownId;
    final EventLoop loop;
    final Handlespace handlespace;
    final PeerTable peers = new PeerTable();
    final EnrpAdmission admission;
    /** Associations whose refusal was logged: each is logged once. */
    private final Set<Association> refusalLogged = new HashSet<>();
    final EnrpChannel channel;
    final PeerMonitor monitor;
    final HandleUpdates updates;
    final HandleTableSync tables;
    final PeerListSync lists;
    final Takeover takeovers;
    private final int ttl;
    private final String announceInterface;
    private boolean inStartup = true;
    private Peer mentor;
    private Runnable startupEnded = () -> {};
    Consumer<PoolElementEntry> takeOverProbe = e -> {};

    public EnrpServer(EnrpConfig config, int ownId, int announceTtl, String announceInterface, EventLoop loop,
            Handlespace handlespace, Transport transport) {
        this(config, ownId, announceTtl, announceInterface, loop, handlespace, transport, RegistrarLimits.DEFAULTS);
    }

    /** @param limits the common inbound path's limits (docs/protocol/registrar-behaviour.md §3.9) */
    public EnrpServer(EnrpConfig config, int ownId, int announceTtl, String announceInterface, EventLoop loop,
            Handlespace handlespace, Transport transport, RegistrarLimits limits) {
        this.config = config;
        this.ownId = ownId;
        this.loop = loop;
        this.handlespace = handlespace;
        this.ttl = announceTtl;
        this.announceInterface = announceInterface;
        this.admission = new EnrpAdmission(ownId, new EnrpAdmission.Limits(config.maxPeers(),
                config.maxPoolElementsPerPeer(), config.maxRegistrationLife().toMillis()));
        this.channel = new EnrpChannel(transport, loop, ownId, new EnrpChannel.Receiver() {
            @Override
            public void received(EnrpMessage message, Association via, InetSocketAddress multicastSource) {
                dispatch(message, via, multicastSource);
            }

            @Override
            public void lost(Association association) {
                refusalLogged.remove(association);
                for (Peer p : peers.all()) {
                    if (p.association == association) {
                        p.association = null;
                        if (unreachableOnceClosed(p, association)) {
                            log.info("{} closed its only way to reach it and owns no PEs (a dump?); dropping it", p);
                            drop(p);
                        }
                    }
                }
            }
        }, limits);
        this.monitor = new PeerMonitor(this);
        this.updates = new HandleUpdates(this);
        this.tables = new HandleTableSync(this);
        this.lists = new PeerListSync(this);
        this.takeovers = new Takeover(this);
    }

    /**
     * The admission step of the ENRP inbound path (the role rule: only REGISTRAR speaks ENRP); before {@link #start}.
     */
    public void admission(Admission<EnrpMessage> admission, Function<Association, Optional<PeerIdentity>> identityOf) {
        channel.admission(admission, identityOf);
    }

    /** Pushes every change of an owned PE to the peers; give it to the {@link AsapServer}. */
    public AsapServer.OwnedElementListener ownedElementListener() {
        return updates;
    }

    /**
     * Opens the sockets and starts the start-up phase.
     *
     * @param takeOverProbe  takeover FINISH: probe a PE we just became home of (Keep-Alive with H = 1)
     * @param startupEnded   run on the loop when the mentor's table has arrived or the discovery timeout passed
     */
    public void start(Consumer<PoolElementEntry> takeOverProbe, Runnable startupEnded) throws IOException {
        NetworkInterface nif = null;
        if (announceInterface != null) {
            nif = NetworkInterface.getByName(announceInterface);
            if (nif == null) throw new SocketException("no network interface '" + announceInterface + "' for ENRP");
        }
        channel.start(config, ttl, nif);
        loop.execute(() -> {
            this.takeOverProbe = takeOverProbe;
            this.startupEnded = startupEnded;
            for (List<InetSocketAddress> addresses : config.staticPeers()) {
                if (addresses.stream().anyMatch(this::isOwnEndpoint)) continue;
                Peer p = new Peer(0, addresses, true);
                peers.add(p);
                channel.send(p, monitor.presence(0, true));
            }
            loop.schedule(config.mentorDiscoveryTimeout(), () -> {
                if (inStartup) {
                    log.info("no mentor's handle table within {} ms; serving with what we have",
                            config.mentorDiscoveryTimeout().toMillis());
                }
                endStartup();
                monitor.startCycle();
            });
        });
        log.info("registrar 0x{} speaking ENRP on {}{}", Integer.toHexString(ownId), endpoint().localAddresses(),
                config.announce().map(g -> ", Presences to " + g).orElse(", no multicast Presences"));
    }

    private boolean isOwnEndpoint(InetSocketAddress a) {
        if (a.getPort() != endpoint().port()) return false;
        return endpoint().localAddresses().stream().anyMatch(l -> l.getAddress().equals(a.getAddress()))
                || a.getAddress().isLoopbackAddress() && endpoint().localAddresses().stream()
                        .anyMatch(l -> l.getAddress().isAnyLocalAddress());
    }

    public ListeningEndpoint endpoint() {
        return channel.endpoint();
    }

    /** A peer as the status page shows it. */
    public record PeerView(int identifier, List<InetSocketAddress> addresses, long lastHeardMillisAgo) {}

    /** Loop only: the peers we have heard from, with how long ago. */
    public List<PeerView> peerViews() {
        long now = loop.now();
        List<PeerView> views = new ArrayList<>();
        for (Peer p : peers.identified()) views.add(new PeerView(p.identifier, p.addresses, now - p.lastHeard));
        return views;
    }

    /** Loop only: still in the start-up phase (no Server Announces yet). */
    public boolean inStartup() {
        return inStartup;
    }

    ServerInformation serverInformation() {
        return new ServerInformation(ownId, channel.serverTransport());
    }

    boolean needsMentor() {
        return inStartup && mentor == null;
    }

    void mentorChosen(Peer peer) {
        mentor = peer;
        peer.mentor = true;
        log.info("mentor for start-up: {}", peer);
    }

    void mentorSyncDone(Peer peer) {
        if (peer == mentor) {
            log.info("handle table of mentor {} received: {} PEs in {} pools", peer, handlespace.size(),
                    handlespace.poolCount());
            endStartup();
        }
    }

    private void endStartup() {
        if (!inStartup) return;
        inStartup = false;
        startupEnded.run();
    }

    /** Send to every identified peer. */
    void sendToAll(java.util.function.IntFunction<EnrpMessage> messageFor) {
        for (Peer p : peers.identified()) channel.send(p, messageFor.apply(p.identifier));
    }

    /** Reply on the association the request came on, else via the peer's association. */
    void reply(Association via, int to, EnrpMessage message) {
        if (via != null && via.isOpen()) {
            channel.sendOn(via, message);
        } else {
            peers.byId(to).ifPresent(p -> channel.send(p, message));
        }
    }

    /** On the loop: one decoded message; {@code via} is null for one heard on the Presence group. */
    void dispatch(EnrpMessage message, Association via, InetSocketAddress multicastSource) {
        if (message.senderServerIdentifier() == ownId) {
            if (via != null) refuse(via, message, "claims our own Server Identifier");
            return;
        }
        if (via == null && !(message instanceof Presence)) return;
        if (via == null) {
            monitor.onMulticastPresence((Presence) message, multicastSource);
            return;
        }
        if (!admitted(message, via)) return;
        monitor.bind(message.senderServerIdentifier(), via);
        if (message instanceof Presence m) {
            monitor.onPresence(m, via, multicastSource);
        } else if (message instanceof HandleUpdate m) {
            updates.onHandleUpdate(m, via);
        } else if (message instanceof HandleTableRequest m) {
            tables.onRequest(m, via);
        } else if (message instanceof HandleTableResponse m) {
            tables.onResponse(m, via);
        } else if (message instanceof ListRequest m) {
            lists.onRequest(m, via);
        } else if (message instanceof ListResponse m) {
            lists.onResponse(m);
        } else if (message instanceof InitTakeover m) {
            takeovers.onInitTakeover(m, via);
        } else if (message instanceof InitTakeoverAck m) {
            takeovers.onAck(m);
        } else if (message instanceof TakeoverServer m) {
            takeovers.onTakeoverServer(m, via);
        } else if (message instanceof EnrpError m) {
            log.warn("ENRP Error from 0x{}: {}", Integer.toHexString(m.senderServerIdentifier()), m.error());
        }
    }

    /**
     * Rule 1 of "ENRP admission" (the sender's identifier belongs to its association), and: a registrar that is not
     * in our peer table must introduce itself with a Presence first; a Handle Table Request from it is answered
     * with R = 1 (§5.5).
     */
    private boolean admitted(EnrpMessage message, Association via) {
        int sender = message.senderServerIdentifier();
        Peer known = peers.byId(sender).orElse(null);
        int boundTo = 0;
        for (Peer p : peers.all()) {
            if (p.identifier != 0 && (p.inbound == via || p.outbound == via)) boundTo = p.identifier;
        }
        EnrpAdmission.Sender state = known == null ? EnrpAdmission.Sender.UNKNOWN
                : new EnrpAdmission.Sender(true, known.inbound != null && known.inbound.isOpen()
                        && !known.awaitingResponse);
        Optional<String> refused = admission.sender(sender, new EnrpAdmission.Via(boundTo,
                channel.opened(via)), state);
        if (refused.isEmpty() && known == null && !(message instanceof Presence)
                && !(message instanceof HandleTableRequest)) {
            refused = Optional.of("not a peer (no Presence yet)");
        }
        if (refused.isPresent()) {
            refuse(via, message, refused.get());
            return false;
        }
        if (known != null && known.outbound != via && !channel.opened(via)) known.inbound = via;
        return true;
    }

    /** Logs a refusal once per association ("ENRP admission"); the message changes nothing. */
    void refuse(Association via, EnrpMessage message, String reason) {
        if (via == null || refusalLogged.add(via)) {
            log.warn("ENRP {} from {} on {} refused: {} (further refusals on it are not logged)", message.type(),
                    hex(message.senderServerIdentifier()), via == null ? "multicast" : via.id(), reason);
        } else {
            log.debug("ENRP {} from {} refused: {}", message.type(), hex(message.senderServerIdentifier()), reason);
        }
    }

    /**
     * A peer that listens on nothing but the association it came on (hsdump, {@code farm-registrar dump}): it
     * cannot be reached once that is gone and must not hold up takeovers waiting for its ack.
     */
    private boolean unreachableOnceClosed(Peer p, Association association) {
        if (p.isStatic || p.identifier == 0 || handlespace.ownedCount(p.identifier) > 0) return false;
        List<InetSocketAddress> remote = association.remoteAddresses();
        return !remote.isEmpty() && p.addresses.contains(remote.get(0));
    }

    /** Us, or an identified peer that nobody is taking over and that answers (rule 2 of "ENRP admission"). */
    boolean isLive(int id) {
        if (id == ownId) return true;
        Peer p = peers.byId(id).orElse(null);
        return p != null && !p.awaitingResponse && p.takeover == null && p.takeoverRegistrarId == 0;
    }

    /** Removes a peer; running takeovers stop waiting for its ack. */
    void drop(Peer peer) {
        int id = peer.identifier;
        peers.remove(peer);
        takeovers.peerGone(id);
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }

    @Override
    public void close() {
        channel.close();
    }
}
