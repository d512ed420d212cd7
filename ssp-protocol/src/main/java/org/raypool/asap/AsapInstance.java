package org.raypool.asap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.multicast.MulticastReceiver;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.ServerAnnounce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client half of ASAP shared by pool elements and pool users (RSPLIB's "ASAP instance",
 * docs/protocol/registrar-behaviour.md §6 and §7): finds a registrar (static list and announces, up to three connection
 * attempts at once), keeps one association to it, matches responses to requests and, when the registrar dies or stops
 * answering, hunts for another one and sends the pending requests there. Its state lives on one thread; callers get
 * futures.
 */
public final class AsapInstance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsapInstance.class);
    private static final int PARALLEL_CONNECTS = 3;
    private static final long HUNT_RETRY_MILLIS = 1000;
    private static final AtomicInteger instances = new AtomicInteger();

    /** What the owner of the instance is told; callbacks run on the instance's thread and must not block. */
    public interface Listener {
        /** A registrar probes one of our pool elements (docs/protocol/registrar-behaviour.md §3.6). */
        default void onKeepAlive(EndpointKeepAlive keepAlive) {}

        /** A (new) registrar association is up: a pool element re-registers here. */
        default void onRegistrarConnected(int registrarIdentifier) {}

        /**
         * [PROJECT] A request that a registrar can take at any time and whose answer is ignored, sent first on a
         * registrar association where the transport opens one only by sending (SCTP: {@link
         * Transport#connectFrom}). A pool element's is a Handle Resolution for its own pool. Without one, a
         * pool element does not listen for takeovers.
         */
        default Optional<AsapMessage> opening() {
            return Optional.empty();
        }
    }

    private final AsapClientConfig config;
    private final Transport transport;
    private final Listener listener;
    private final boolean keepConnected;
    private final RegistrarTable table;
    private final ScheduledExecutorService loop;
    private final ExecutorService connectors;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<AsapMessage> outbox = new ArrayList<>();
    private MulticastReceiver announces;
    /** [PROJECT] TCP: where a registrar that takes us over sends its H-bit Keep-Alive (§3.6); null if none. */
    private ListeningEndpoint takeoverEndpoint;
    /** {@link Listener#opening()}, encoded. */
    private ByteBuffer opening;
    private final HomeRegistrar<Association> home = new HomeRegistrar<>(System.currentTimeMillis());
    /** Every open association of this instance (hunts, and what registrars opened to the takeover endpoint). */
    private final java.util.Set<Association> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The home association, as {@link #home} says; read by callers' threads. */
    private Association association;
    private volatile int registrarIdentifier;
    /** System.nanoTime() when the current registrar association was made; 0 while there is none. */
    private volatile long connectedAtNanos;
    private boolean hunting;
    private boolean closed;
    private volatile long startedAt = System.currentTimeMillis();

    private final class Pending {
        final Function<List<InetSocketAddress>, AsapMessage> request;
        final Predicate<AsapMessage> isResponse;
        final CompletableFuture<AsapMessage> result = new CompletableFuture<>();
        final List<String> failures = new ArrayList<>();
        Association sentOn;
        Association failureCountedOn;
        ScheduledFuture<?> timeout;

        /** Counts at most one failure per association, however many ways it failed. */
        void failedOn(Association a, String why) {
            if (failureCountedOn == a) return;
            failureCountedOn = a;
            failures.add(why);
        }

        Pending(Function<List<InetSocketAddress>, AsapMessage> request, Predicate<AsapMessage> isResponse) {
            this.request = request;
            this.isResponse = isResponse;
        }
    }

    /**
     * @param keepConnected a pool element keeps a registrar association at all times (it is probed over it);
     *                      a pool user connects when it has something to ask
     */
    public AsapInstance(AsapClientConfig config, Transport transport, boolean keepConnected, Listener listener) {
        this.config = config;
        this.transport = transport;
        this.listener = listener;
        this.keepConnected = keepConnected;
        this.table = new RegistrarTable(config.registrars(), config.announceTimeout().toMillis());
        String name = "asap-" + instances.incrementAndGet();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
        this.connectors = Executors.newCachedThreadPool(r -> daemon(r, name + "-connect"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts listening to announces (if configured) and, for a pool element, the first hunt. */
    public AsapInstance start() throws IOException {
        startedAt = System.currentTimeMillis();
        if (config.announceGroup().isPresent()) {
            NetworkInterface nif = null;
            if (config.announceInterface().isPresent()) {
                nif = NetworkInterface.getByName(config.announceInterface().get());
                if (nif == null) throw new SocketException("no network interface '" + config.announceInterface().get() + "'");
            }
            announces = MulticastReceiver.open(config.announceGroup().get(), nif, this::onAnnounceDatagram);
        }
        if (keepConnected && transport.connectsFromListeningPorts()) {
            opening = listener.opening().map(m -> ByteBuffer.wrap(AsapCodec.INSTANCE.encode(m))).orElse(null);
            if (opening != null) listenForTakeovers();
        }
        if (keepConnected) post(this::hunt);
        return this;
    }

    /**
     * A pool element is taken over by an Endpoint Keep-Alive with the H bit that the new home registrar sends to the
     * ASAP transport it recorded: the source address of our registrar association (docs/protocol/registrar-behaviour.md
     * §3.2, §3.6, §6.3). RSPLIB's PE listens on that socket; over TCP we listen on a port of our own and connect to
     * registrars from it ([PROJECT]); over SCTP the port is a one-to-many socket, as RSPLIB's, from which our
     * associations are opened by the {@link Listener#opening()} request.
     */
    private void listenForTakeovers() {
        try {
            takeoverEndpoint = transport.listenOnClientPort(new InetSocketAddress(0), Protocol.ASAP, new Callbacks());
            log.debug("ASAP takeover endpoint on port {}", takeoverEndpoint.port());
        } catch (IOException | RuntimeException e) {
            log.warn("cannot listen for registrar takeovers ({}); a registrar taking this pool element over cannot "
                    + "reach it, it registers again with the next registrar it finds", e.getMessage());
        }
    }

    /** Connects to a registrar from the takeover endpoint's port, or from any port when that is not possible. */
    private Association connect(List<InetSocketAddress> endpoint) throws IOException {
        ListeningEndpoint shared = takeoverEndpoint;
        if (shared != null) {
            try {
                return transport.connectFrom(new InetSocketAddress(shared.port()), endpoint, Protocol.ASAP,
                        new Callbacks(), config.connectTimeout(), opening.duplicate());
            } catch (IOException e) {
                if (!isBindFailure(e)) throw e;
                log.info("cannot connect to registrar {} from our takeover port {} ({}); connecting from another "
                        + "port, so a takeover cannot reach us on this association", endpoint, shared.port(),
                        e.getMessage());
            }
        }
        return transport.connect(endpoint, Protocol.ASAP, new Callbacks(), config.connectTimeout());
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) return true;
        }
        return false;
    }

    /**
     * Sends {@code request} and completes with the first message from the registrar that {@code isResponse}
     * accepts. Fails with {@link NoRegistrarException} once {@code requestMaxTrials} registrars did not answer.
     */
    public CompletableFuture<AsapMessage> request(AsapMessage request, Predicate<AsapMessage> isResponse) {
        return request(local -> request, isResponse);
    }

    /**
     * As {@link #request(AsapMessage, Predicate)}, with the request built when it is sent, from the local
     * addresses of the registrar association: a pool element registers the address the registrar sees.
     */
    public CompletableFuture<AsapMessage> request(Function<List<InetSocketAddress>, AsapMessage> request,
            Predicate<AsapMessage> isResponse) {
        Pending p = new Pending(request, isResponse);
        boolean accepted = post(() -> {
            if (closed) {
                p.result.completeExceptionally(new NoRegistrarException("ASAP client closed"));
                return;
            }
            pending.add(p);
            if (association != null) sendPending(p);
            else hunt();
        });
        if (!accepted) p.result.completeExceptionally(new NoRegistrarException("ASAP client closed"));
        return p.result;
    }

    /** Sends a message that has no response (Keep-Alive Ack, Endpoint Unreachable), now or after the next hunt. */
    public void send(AsapMessage message) {
        post(() -> {
            if (closed) return;
            if (association != null) {
                transmit(association, message);
            } else {
                outbox.add(message);
                hunt();
            }
        });
    }

    /** The registrar we are connected to (0 until one is, or if it never said). */
    public int registrarIdentifier() {
        return registrarIdentifier;
    }

    /** The registrar association now, for status reports; empty while there is none. */
    public Optional<RegistrarConnection> connection() {
        long since = connectedAtNanos;
        return since == 0 ? Optional.empty() : Optional.of(new RegistrarConnection(registrarIdentifier, since));
    }

    /** Our local address on the registrar association, if there is one: the address the registrar sees. */
    public CompletableFuture<Optional<InetSocketAddress>> localAddress() {
        return CompletableFuture.supplyAsync(() -> association == null ? Optional.<InetSocketAddress>empty()
                : association.localAddresses().stream().findFirst(), loop);
    }

    /** Runs {@code task} on the instance's thread; after close, late events from other threads are dropped. */
    private boolean post(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("ASAP client closed; event dropped");
            return false;
        }
    }

    /** Learns the registrar's identifier from the Server ID of its Endpoint Keep-Alive. */
    void learnRegistrarIdentifier(int id) {
        registrarIdentifier = id;
    }

    private void sendPending(Pending p) {
        Association a = association;
        p.sentOn = a;
        AsapMessage message;
        try {
            message = p.request.apply(a.localAddresses());
        } catch (RuntimeException e) {
            pending.remove(p);
            p.result.completeExceptionally(e);
            return;
        }
        if (!transmit(a, message)) return;
        p.timeout = loop.schedule(() -> onResponseTimeout(p, a), config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean transmit(Association a, AsapMessage message) {
        try {
            a.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(message));
            return true;
        } catch (IOException e) {
            log.warn("{}: sending {} to the registrar failed: {}", a.id(), message.type(), e.getMessage());
            a.abort();
            return false;
        }
    }

    private void onResponseTimeout(Pending p, Association a) {
        if (p.result.isDone() || p.sentOn != a || association != a) return;
        log.warn("{}: registrar {} did not answer within {} ms; giving it up", a.id(), a.remoteAddresses(),
                config.responseTimeout().toMillis());
        p.failedOn(a, a.remoteAddresses() + ": no response within " + config.responseTimeout().toMillis() + " ms");
        a.abort();
    }

    private void received(Association a, ByteBuffer bytes) {
        AsapMessage message;
        try {
            message = AsapCodec.INSTANCE.decode(bytes);
        } catch (ProtocolException e) {
            log.warn("{}: undecodable message from the registrar: {}", a.id(), e.getMessage());
            return;
        }
        if (message instanceof EndpointKeepAlive keepAlive) {
            keepAlive(a, keepAlive);
            return;
        }
        if (a != association) {
            log.debug("{}: {} on an association that is not our home registrar's dropped", a.id(), message.type());
            return;
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.sentOn == a && p.isResponse.test(message)) {
                it.remove();
                if (p.timeout != null) p.timeout.cancel(false);
                p.result.complete(message);
                return;
            }
        }
        log.debug("{}: unsolicited {} from the registrar ignored", a.id(), message.type());
    }

    /** RFC 5352 §3.5, docs/protocol/registrar-behaviour.md §6.3: H = 1 from a new registrar makes it our home. */
    private void keepAlive(Association a, EndpointKeepAlive keepAlive) {
        if (closed) return;
        HomeRegistrar.Step<Association> step = home.keepAlive(a, keepAlive.home(), keepAlive.serverIdentifier(),
                System.currentTimeMillis());
        switch (step.action()) {
            case ACK -> {
                registrarIdentifier = keepAlive.serverIdentifier();
                listener.onKeepAlive(keepAlive);
            }
            case MOVE -> {
                log.info("{}: registrar 0x{} took us over (Endpoint Keep-Alive with the H bit from {}){}; it is our "
                        + "home registrar now", a.id(), String.format("%08x", keepAlive.serverIdentifier()),
                        a.remoteAddresses(), step.homelessMillis() > 0
                                ? ", " + step.homelessMillis() + " ms after we lost our registrar" : "");
                step.release().ifPresent(old -> {
                    failPendingOn(old, "home registrar replaced by a takeover");
                    old.close();
                });
                adopt(a, keepAlive.serverIdentifier(), keepAlive);
            }
            default -> log.debug("{}: Endpoint Keep-Alive without the H bit on an association that is not our home "
                    + "registrar's ignored", a.id());
        }
    }

    private void onCommLost(Association a, CommLost reason) {
        if (home.lost(a, System.currentTimeMillis()).action() != HomeRegistrar.Action.HUNT) return;
        association = null;
        connectedAtNanos = 0;
        log.info("{}: registrar association lost: {}", a.id(), reason);
        failPendingOn(a, String.valueOf(reason));
        if (!closed && (keepConnected || !pending.isEmpty() || !outbox.isEmpty())) hunt();
    }

    /** The requests sent on {@code a} count a failure and go out again on the next home (or fail after enough). */
    private void failPendingOn(Association a, String why) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.sentOn != a) continue;
            if (p.timeout != null) p.timeout.cancel(false);
            p.sentOn = null;
            p.failedOn(a, a.remoteAddresses() + ": " + why);
            if (p.failures.size() >= config.requestMaxTrials()) {
                it.remove();
                p.result.completeExceptionally(new NoRegistrarException(
                        "no registrar answered: " + String.join("; ", p.failures)));
            }
        }
    }

    private void hunt() {
        if (hunting || association != null || closed) return;
        List<List<InetSocketAddress>> candidates = table.candidates(System.currentTimeMillis());
        if (candidates.isEmpty()) {
            huntFailed(Map.of());
            return;
        }
        hunting = true;
        List<List<InetSocketAddress>> round = candidates.subList(0, Math.min(PARALLEL_CONNECTS, candidates.size()));
        AtomicBoolean won = new AtomicBoolean();
        AtomicInteger left = new AtomicInteger(round.size());
        Map<List<InetSocketAddress>, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
        for (List<InetSocketAddress> endpoint : round) {
            connectors.execute(() -> {
                try {
                    Association a = connect(endpoint);
                    if (won.compareAndSet(false, true)) {
                        post(() -> huntSucceeded(a, endpoint));
                    } else {
                        a.close();
                    }
                } catch (IOException | RuntimeException e) {
                    errors.put(endpoint, String.valueOf(e.getMessage()));
                }
                if (left.decrementAndGet() == 0 && !won.get()) {
                    post(() -> {
                        hunting = false;
                        huntFailed(new LinkedHashMap<>(errors));
                    });
                }
            });
        }
    }

    private void huntSucceeded(Association a, List<InetSocketAddress> endpoint) {
        hunting = false;
        if (closed) {
            a.close();
            return;
        }
        if (!a.isOpen()) {
            hunt();
            return;
        }
        int identifier = table.identifierOf(endpoint);
        if (home.connected(a, identifier, System.currentTimeMillis()).action() == HomeRegistrar.Action.CLOSE) {
            a.close(); // a takeover gave us a home while this hunt was connecting
            return;
        }
        log.info("{}: connected to registrar {}{}", a.id(), endpoint,
                identifier == 0 ? "" : String.format(" (0x%08x)", identifier));
        adopt(a, identifier, null);
    }

    /**
     * {@code a} is our home registrar's association now: a pool element (re-)registers there, and what waited for
     * a registrar goes out on it. A takeover's H-bit Keep-Alive is acked first (RFC 5352 §3.5).
     */
    private void adopt(Association a, int identifier, EndpointKeepAlive takeover) {
        association = a;
        connectedAtNanos = Math.max(1, System.nanoTime());
        registrarIdentifier = identifier;
        if (takeover != null) listener.onKeepAlive(takeover);
        listener.onRegistrarConnected(registrarIdentifier);
        for (AsapMessage m : outbox) transmit(a, m);
        outbox.clear();
        for (Pending p : pending) {
            if (p.sentOn == null && association == a) sendPending(p);
        }
    }

    private void huntFailed(Map<List<InetSocketAddress>, String> errors) {
        String tried = errors.isEmpty() ? "no registrar known (give --registrar HOST:PORT or check that "
                + "registrars announce on " + config.announceGroup().map(Object::toString).orElse("a multicast group") + ")"
                : errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .reduce((x, y) -> x + "; " + y).orElse("");
        log.debug("registrar hunt failed: {}", tried);
        boolean stillListening = errors.isEmpty() && config.announceGroup().isPresent()
                && System.currentTimeMillis() - startedAt < config.announceTimeout().toMillis();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext() && !stillListening; ) {
            Pending p = it.next();
            p.failures.add(tried);
            if (p.failures.size() >= config.requestMaxTrials()) {
                it.remove();
                p.result.completeExceptionally(new NoRegistrarException("no registrar reachable: " + tried));
            }
        }
        if (!pending.isEmpty() || keepConnected) {
            loop.schedule(this::hunt, HUNT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            outbox.clear();
        }
    }

    private void onAnnounceDatagram(ByteBuffer datagram, InetSocketAddress source) {
        try {
            if (AsapCodec.INSTANCE.decode(datagram) instanceof ServerAnnounce announce) {
                table.onAnnounce(announce, source, transport.name(), System.currentTimeMillis());
                post(() -> {
                    if (association == null && (keepConnected || !pending.isEmpty())) hunt();
                });
            }
        } catch (ProtocolException e) {
            log.debug("undecodable announce from {}: {}", source, e.getMessage());
        }
    }

    private final class Callbacks implements AssociationListener {
        @Override
        public void onEstablished(Association a) {
            accepted.add(a);
        }

        @Override
        public void onMessage(Association a, Protocol protocol, ByteBuffer message) {
            if (protocol == Protocol.ASAP) post(() -> received(a, message));
        }

        @Override
        public void onCommLost(Association a, CommLost reason) {
            accepted.remove(a);
            post(() -> AsapInstance.this.onCommLost(a, reason));
        }
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            closed = true;
            if (association != null) association.close();
            association = null;
            connectedAtNanos = 0;
            for (Pending p : pending) p.result.completeExceptionally(new NoRegistrarException("ASAP client closed"));
            pending.clear();
        }, loop);
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing the ASAP client: {}", e.toString());
        }
        if (announces != null) announces.close();
        if (takeoverEndpoint != null) takeoverEndpoint.close();
        accepted.forEach(Association::close);
        loop.shutdownNow();
        connectors.shutdownNow();
    }
}
