package org.raypool.registrar.asap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.RegistrarConfig;
import org.raypool.registrar.RegistrarLimits;
import org.raypool.transport.AddressQuota;
import org.raypool.registrar.inbound.Admission;
import org.raypool.registrar.inbound.InboundDecoder;
import org.raypool.registrar.inbound.InboundPath;
import org.raypool.registrar.inbound.RateLimiter;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.registrar.handlespace.RegistrationResult;
import org.raypool.registrar.handlespace.UnreachableOutcome;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.EndpointKeepAliveAck;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's ASAP side (docs/protocol/registrar-behaviour.md §3): registrations, deregistrations, handle
 * resolutions, failure reports and the keep-alive monitoring of the pool elements it owns. Every message is handled on
 * the {@link EventLoop}, which owns the handlespace: directly when the transport runs on the loop (the registrar's
 * does), else handed to it from the association's reader thread.
 */
public final class AsapServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsapServer.class);
    /** ASAP Error's message type: an undecodable Error is not answered (RFC 5351 §2.2.15). */
    private static final int ASAP_ERROR_TYPE = 0x0E;

    /** Told about every change to a pool element this registrar owns (ENRP pushes them to the peers). */
    public interface OwnedElementListener {
        void added(PoolHandle poolHandle, PoolElement element);

        void removed(PoolHandle poolHandle, PoolElement element);
    }

    /** Told what the server did, for the registrar's counters; called on the event loop. */
    public interface Observer {
        Observer NONE = new Observer() {};

        default void registration(PoolHandle poolHandle, int identifier, boolean accepted) {}

        default void resolution(PoolHandle poolHandle, boolean found) {}

        default void keepAliveAcknowledged(PoolHandle poolHandle, int identifier) {}

        default void keepAliveFailed(PoolHandle poolHandle, int identifier) {}

        /** A request handled, {@code nanos} after its message arrived (queueing on the loop included). */
        default void handled(AsapMessage request, long nanos) {}
    }

    private final RegistrarConfig config;
    private final EventLoop loop;
    private final Observer observer;
    private final Handlespace handlespace;
    private final Transport transport;
    private final OwnedElementListener owned;
    private final Map<Key, KeepAlive> keepAlives = new HashMap<>();
    private final Set<Association> associations = ConcurrentHashMap.newKeySet();
    private final InboundPath<AsapMessage> inbound;
    private final RateLimiter resolutionRate;
    private final RateLimiter unreachableRate;
    private ListeningEndpoint endpoint;
    private java.util.concurrent.ExecutorService connector;

    private record Key(PoolHandle poolHandle, int identifier) {}

    /** The keep-alive state of one owned PE: the next transmission or the running timeout. */
    private static final class KeepAlive {
        ScheduledFuture<?> timer;
        boolean awaitingAck;
    }

    public AsapServer(RegistrarConfig config, EventLoop loop, Handlespace handlespace, Transport transport,
            OwnedElementListener owned) {
        this(config, loop, handlespace, transport, owned, Observer.NONE);
    }

    public AsapServer(RegistrarConfig config, EventLoop loop, Handlespace handlespace, Transport transport,
            OwnedElementListener owned, Observer observer) {
        this.observer = observer;
        this.config = config;
        this.loop = loop;
        this.handlespace = handlespace;
        this.transport = transport;
        this.owned = owned;
        RegistrarLimits limits = config.limits();
        this.resolutionRate = new RateLimiter(limits.maxHandleResolutionRate());
        this.unreachableRate = new RateLimiter(limits.maxEndpointUnreachableRate());
        this.inbound = new InboundPath<>(Protocol.ASAP,
                new InboundDecoder<>(AsapCodec.INSTANCE, ASAP_ERROR_TYPE, limits.maxErrorCauses()), AsapError::new,
                AsapServer::refusal, this::reply, loop, new AddressQuota(limits.maxAssociationsPerAddress()), new Handler());
    }

    /** The admission step of the ASAP inbound path (the role rule of an authenticated farm); before {@link #start}. */
    public void admission(Admission<AsapMessage> admission, Function<Association, Optional<PeerIdentity>> identityOf) {
        inbound.admission(admission, identityOf);
    }

    /** Listens on the configured ASAP endpoint ({@link org.raypool.registrar.Endpoints#listen} picks the port). */
    public ListeningEndpoint start() throws IOException {
        endpoint = org.raypool.registrar.Endpoints.listen(transport, config.asapEndpoint(), Protocol.ASAP,
                inbound);
        return endpoint;
    }

    private final class Handler implements InboundPath.Handler<AsapMessage> {
        @Override
        public void established(Association association) {
            associations.add(association);
        }

        @Override
        public void message(Association association, AsapMessage message, long receivedNanos) {
            handle(association, message);
            observer.handled(message, System.nanoTime() - receivedNanos);
        }

        @Override
        public void lost(Association association, CommLost reason) {
            associations.remove(association);
            resolutionRate.forget(association);
            unreachableRate.forget(association);
            associationLost(association, reason);
        }
    }

    private void handle(Association association, AsapMessage message) {
        if (message instanceof Registration m) {
            register(association, m);
        } else if (message instanceof Deregistration m) {
            deregister(association, m);
        } else if (message instanceof HandleResolution m) {
            resolve(association, m);
        } else if (message instanceof EndpointKeepAliveAck m) {
            keepAliveAcknowledged(association, m);
        } else if (message instanceof EndpointUnreachable m) {
            unreachable(association, m);
        } else {
            log.debug("{}: unsupported {} dropped", association.id(), message.type());
        }
    }

    /**
     * The answer to a message the inbound path's admission step refused (the role rule, docs/security.md): the
     * response its sender waits for, carrying the cause, else an ASAP Error.
     */
    private static AsapMessage refusal(AsapMessage message, OperationError error) {
        if (message instanceof Registration m) {
            return RegistrationResponse.rejected(m.poolHandle(), m.poolElement().identifier(), error);
        }
        if (message instanceof Deregistration m) {
            return new DeregistrationResponse(m.poolHandle(), m.peIdentifier(), Optional.of(error));
        }
        return new AsapError(error);
    }

    private void register(Association association, Registration m) {
        PoolHandle ph = m.poolHandle();
        PoolElement pe = m.poolElement();
        int cause = checkRegistration(pe);
        TransportParameter user = null;
        TransportParameter asap = null;
        if (cause == 0) {
            List<InetAddress> peers = sources(association);
            List<InetAddress> usable = config.minAddressScope().filter(
                    pe.userTransport().addresses().stream().filter(peers::contains).toList());
            List<InetAddress> asapAddresses = config.minAddressScope().filter(peers);
            if (asapAddresses.isEmpty()) {
                cause = ErrorCause.RSPLIB_NO_USABLE_ASAP_ADDRESSES;
            } else if (usable.isEmpty()) {
                cause = ErrorCause.RSPLIB_NO_USABLE_USER_ADDRESSES;
            } else {
                user = pe.userTransport().withAddresses(usable);
                int port = association.remoteAddresses().get(0).getPort();
                asap = "tcp".equals(transport.name())
                        ? new TcpTransport(port, TransportUse.DATA_ONLY, asapAddresses.get(0))
                        : new SctpTransport(port, TransportUse.DATA_ONLY, asapAddresses);
            }
        }
        if (cause == 0) {
            // §3.9 owning association: a foreign association cannot overwrite a registered identifier
            Ownership.Verdict owner = Ownership.of(handlespace.lookup(ph, pe.identifier()).orElse(null), association,
                    sources(association));
            if (!owner.allowed()) cause = ErrorCause.NON_UNIQUE_PE_IDENTIFIER;
        }
        if (cause != 0) {
            log.info("{}: registration of PE {} in pool '{}' rejected: cause 0x{} (addresses {} from {})",
                    association.id(), hex(pe.identifier()), ph, Integer.toHexString(cause),
                    pe.userTransport().addresses(), association.remoteAddresses());
            observer.registration(ph, pe.identifier(), false);
            reply(association, RegistrationResponse.rejected(ph, pe.identifier(), OperationError.of(cause)));
            return;
        }
        long life = Math.min(pe.registrationLife(), config.limits().maxRegistrationLife().toMillis());
        PoolElement stored = new PoolElement(pe.identifier(), config.identifier(), life, user, pe.policy(),
                java.util.Optional.of(asap));
        RegistrationResult result = handlespace.registerOrUpdate(ph, stored, association);
        if (result instanceof RegistrationResult.Rejected rejected) {
            ErrorCause error = rejected.errorCause(stored);
            log.info("{}: registration of PE {} in pool '{}' rejected: {}", association.id(), hex(pe.identifier()),
                    ph, rejected.rejection());
            observer.registration(ph, pe.identifier(), false);
            reply(association, RegistrationResponse.rejected(ph, pe.identifier(), OperationError.of(error)));
            return;
        }
        RegistrationResult.Accepted accepted = (RegistrationResult.Accepted) result;
        log.info("{}: PE {} {} in pool '{}' at {} with {}", association.id(), hex(pe.identifier()),
                accepted.created() ? "registered" : "re-registered", ph, user, stored.policy());
        observer.registration(ph, pe.identifier(), true);
        reply(association, RegistrationResponse.accepted(ph, pe.identifier()));
        scheduleKeepAlive(new Key(ph, pe.identifier()));
        owned.added(ph, accepted.entry().poolElement());
    }

    private static int checkRegistration(PoolElement pe) {
        if (pe.identifier() == 0) return ErrorCause.RSPLIB_INVALID_ID;
        if (pe.asapTransport().isPresent()) return ErrorCause.RSPLIB_INVALID_REGISTRATOR;
        if (pe.userTransport().port() == 0 || pe.userTransport().addresses().isEmpty()) {
            return ErrorCause.RSPLIB_INVALID_ADDRESSES;
        }
        return 0;
    }

    private void deregister(Association association, Deregistration m) {
        PoolElementEntry existing = handlespace.lookup(m.poolHandle(), m.peIdentifier()).orElse(null);
        if (!Ownership.of(existing, association, sources(association)).allowed()) {
            log.info("{}: deregistration of PE {} in pool '{}' from {} refused: not its owning association",
                    association.id(), hex(m.peIdentifier()), m.poolHandle(), association.remoteAddresses());
            reply(association, new DeregistrationResponse(m.poolHandle(), m.peIdentifier(),
                    java.util.Optional.of(OperationError.of(ErrorCause.REJECTED_SECURITY))));
            return;
        }
        handlespace.deregister(m.poolHandle(), m.peIdentifier()).ifPresent(entry -> {
            log.info("{}: PE {} deregistered from pool '{}'", association.id(), hex(m.peIdentifier()), m.poolHandle());
            dropped(entry);
        });
        reply(association, new DeregistrationResponse(m.poolHandle(), m.peIdentifier(), java.util.Optional.empty()));
    }

    private void resolve(Association association, HandleResolution m) {
        if (!resolutionRate.allow(association, m.poolHandle(), loop.now())) {
            log.debug("{}: handle resolution of pool '{}' over --max-hr-rate", association.id(), m.poolHandle());
            observer.resolution(m.poolHandle(), false);
            reply(association, HandleResolutionResponse.failure(m.poolHandle(),
                    OperationError.of(ErrorCause.REJECTED_SECURITY)));
            return;
        }
        long items = m.option().map(o -> o.items()).orElse(0L);
        List<PoolElementEntry> selected = handlespace.select(m.poolHandle(), items);
        observer.resolution(m.poolHandle(), !selected.isEmpty());
        if (selected.isEmpty()) {
            reply(association, HandleResolutionResponse.unknownPool(m.poolHandle()));
            return;
        }
        List<PoolElement> answer = new ArrayList<>(selected.size());
        for (PoolElementEntry entry : selected) answer.add(entry.poolElement().withoutAsapTransport());
        reply(association, HandleResolutionResponse.success(m.poolHandle(), answer));
    }

    private void unreachable(Association association, EndpointUnreachable m) {
        if (!unreachableRate.allow(association, new Key(m.poolHandle(), m.peIdentifier()), loop.now())) {
            log.debug("{}: Endpoint Unreachable for PE {} over --max-eu-rate; ignored", association.id(),
                    hex(m.peIdentifier()));
            return;
        }
        List<InetAddress> sources = sources(association);
        if (sources.isEmpty()) return;
        handlespace.reportUnreachable(m.poolHandle(), m.peIdentifier(), sources.get(0))
                .ifPresent(outcome -> unreachable(m, outcome));
    }

    private static List<InetAddress> sources(Association association) {
        return association.remoteAddresses().stream().map(InetSocketAddress::getAddress).toList();
    }

    private void unreachable(EndpointUnreachable m, UnreachableOutcome outcome) {
        log.info("PE {} of pool '{}' reported unreachable ({} of {} reports){}", hex(m.peIdentifier()),
                m.poolHandle(), outcome.reports(), config.maxBadPeReports(), outcome.removed() ? ": removed" : "");
        if (outcome.removed()) dropped(outcome.entry());
    }

    private void scheduleKeepAlive(Key key) {
        KeepAlive ka = keepAlives.computeIfAbsent(key, k -> new KeepAlive());
        if (ka.timer != null) ka.timer.cancel(false);
        ka.awaitingAck = false;
        ka.timer = loop.schedule(config.endpointKeepAliveInterval(), () -> sendKeepAlive(key));
    }

    private void sendKeepAlive(Key key) {
        sendKeepAlive(key, false);
    }

    /** @param home the H bit: "I am your new home registrar" (takeover) */
    private void sendKeepAlive(Key key, boolean home) {
        KeepAlive ka = keepAlives.get(key);
        PoolElementEntry entry = handlespace.lookup(key.poolHandle(), key.identifier()).orElse(null);
        if (ka == null || entry == null || !(entry.connection() instanceof Association association)) {
            keepAlives.remove(key);
            return;
        }
        ka.awaitingAck = true;
        reply(association, EndpointKeepAlive.of(config.identifier(), home, key.poolHandle(), key.identifier()));
        ka.timer = loop.schedule(config.endpointKeepAliveTimeout(), () -> keepAliveTimedOut(key, association));
    }

    /**
     * Takeover FINISH (docs/protocol/registrar-behaviour.md §5.6): we just became home of this PE; tell it with an
     * H-bit Keep-Alive over a new association to its ASAP transport and monitor it from then on (our TCP PEs listen
     * there too, docs/protocol/registrar-behaviour.md §3.6). [PROJECT] If that transport cannot be reached (a PE that
     * does not listen on it, e.g. ours over SCTP), the PE stays ours and resolvable until it re-registers somewhere, or
     * is removed once its Registration Life has passed without that.
     */
    public void takeOver(PoolElementEntry taken) {
        Key key = new Key(taken.poolHandle(), taken.identifier());
        TransportParameter asapTransport = taken.poolElement().asapTransport().orElse(null);
        if (asapTransport == null) {
            awaitReRegistration(key, taken);
            return;
        }
        List<InetSocketAddress> remote = asapTransport.addresses().stream()
                .map(a -> new InetSocketAddress(a, asapTransport.port())).toList();
        connector().execute(() -> {
            try {
                Association association = transport.connect(remote, Protocol.ASAP, inbound,
                        config.endpointKeepAliveTimeout());
                loop.execute(() -> probeTakenOver(key, taken, association));
            } catch (IOException | RuntimeException e) {
                log.info("PE {} of pool '{}' taken over, but its ASAP transport {} is unreachable ({}); keeping it "
                        + "until it re-registers", hex(key.identifier()), key.poolHandle(), remote, e.getMessage());
                loop.execute(() -> awaitReRegistration(key, taken));
            }
        });
    }

    private void probeTakenOver(Key key, PoolElementEntry taken, Association association) {
        PoolElementEntry entry = handlespace.lookup(key.poolHandle(), key.identifier()).orElse(null);
        if (entry != null && entry.connection() == association) {
            // The PE re-registered over this very association before this probe ran (an RSPLIB PE whose home died
            // is hunting for a registrar and takes the one that just connected): it is ours like any registered PE,
            // and closing the association would remove it (seen in the ENRP interop run under load).
            return;
        }
        if (entry != taken || !entry.isOwnedBy(config.identifier()) || entry.connection() != null) {
            association.close();
            return;
        }
        handlespace.registerOrUpdate(key.poolHandle(), entry.poolElement(), association);
        keepAlives.computeIfAbsent(key, k -> new KeepAlive());
        sendKeepAlive(key, true);
    }

    private void awaitReRegistration(Key key, PoolElementEntry taken) {
        loop.schedule(java.time.Duration.ofMillis(taken.poolElement().registrationLife()), () -> {
            PoolElementEntry entry = handlespace.lookup(key.poolHandle(), key.identifier()).orElse(null);
            if (entry == taken && entry.isOwnedBy(config.identifier()) && entry.connection() == null) {
                log.info("PE {} of pool '{}' taken over but not re-registered within its registration life; removed",
                        hex(key.identifier()), key.poolHandle());
                handlespace.deregister(key.poolHandle(), key.identifier());
                dropped(entry);
            }
        });
    }

    private synchronized java.util.concurrent.ExecutorService connector() {
        if (connector == null) {
            connector = java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, String.format("asap-0x%08x-takeover", config.identifier()));
                t.setDaemon(true);
                return t;
            });
        }
        return connector;
    }

    private void keepAliveAcknowledged(Association association, EndpointKeepAliveAck m) {
        Key key = new Key(m.poolHandle(), m.peIdentifier());
        PoolElementEntry entry = handlespace.lookup(key.poolHandle(), key.identifier()).orElse(null);
        if (entry == null || entry.connection() != association) {
            log.debug("{}: keep-alive ack for PE {} not from its owning association; ignored", association.id(),
                    hex(m.peIdentifier()));
            return;
        }
        KeepAlive ka = keepAlives.get(key);
        if (ka != null && ka.awaitingAck) {
            observer.keepAliveAcknowledged(key.poolHandle(), key.identifier());
            scheduleKeepAlive(key);
        }
    }

    private void keepAliveTimedOut(Key key, Association association) {
        log.warn("{}: PE {} of pool '{}' did not answer its keep-alive within {} ms; aborting its association",
                association.id(), hex(key.identifier()), key.poolHandle(), config.endpointKeepAliveTimeout().toMillis());
        observer.keepAliveFailed(key.poolHandle(), key.identifier());
        association.abort();
        associationLost(association, new CommLost(CommLost.Cause.LOCAL_ABORT, "keep-alive timeout"));
    }

    private void associationLost(Association association, CommLost reason) {
        List<PoolElementEntry> removed = handlespace.removeByConnection(association);
        for (PoolElementEntry entry : removed) {
            log.info("{}: PE {} of pool '{}' removed: association lost ({})", association.id(),
                    hex(entry.identifier()), entry.poolHandle(), reason);
            dropped(entry);
        }
    }

    /** A PE left the handlespace: stop probing it and, if it was ours, tell the peers. */
    private void dropped(PoolElementEntry entry) {
        KeepAlive ka = keepAlives.remove(new Key(entry.poolHandle(), entry.identifier()));
        if (ka != null && ka.timer != null) ka.timer.cancel(false);
        if (entry.isOwnedBy(config.identifier())) owned.removed(entry.poolHandle(), entry.poolElement());
    }

    private void reply(Association association, AsapMessage message) {
        try {
            association.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(message));
        } catch (IOException e) {
            log.debug("{}: sending {} failed: {}", association.id(), message.type(), e.getMessage());
        }
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }

    /** Stops serving: no new associations, and the open ones are aborted as if the process had died. */
    @Override
    public void close() {
        if (endpoint != null) endpoint.close();
        associations.forEach(Association::abort);
        synchronized (this) {
            if (connector != null) connector.shutdownNow();
        }
    }
}
