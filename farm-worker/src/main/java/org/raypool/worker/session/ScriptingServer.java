package org.raypool.worker.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.raypool.transport.AddressQuota;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.wire.Protocol;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.worker.job.EnvironmentCache;
import org.raypool.worker.job.ScriptRunner;
import org.raypool.worker.job.SessionDirectory;
import org.raypool.worker.job.WorkPackageUnpacker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Scripting Service pool element's server side (docs/protocol/scripting-service.md §5.1): accepts associations on
 * the user transport, gives each a session directory and a {@link ServerSessionRunner}, and answers Not Ready (reason
 * Fully Loaded, host name) and closes when {@code maxSessions} sessions are active. While the worker does not serve
 * (outside its serve window, or stopping) every new association gets Not Ready with reason Out of Resources.
 *
 * <p>The number of active sessions goes to a listener whenever it changes: right after an accept, before Ready, and
 * after a session is cleaned up (docs/protocol/scripting-service.md §5.4), so the registration can report the load.
 */
public final class ScriptingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptingServer.class);
    private static final Duration ABORT_WAIT = Duration.ofSeconds(60);

    private final SessionConfig config;
    private final Transport transport;
    private final JobServices services;
    private final IntConsumer sessionsChanged;
    private final Map<Association, ServerSessionRunner> sessions = new ConcurrentHashMap<>();
    private final Map<Association, InetAddress> sources = new ConcurrentHashMap<>();
    private final AddressQuota perAddress;
    private final AtomicLong sessionNumbers = new AtomicLong();
    private final Object lock = new Object();
    private final java.util.Deque<EndedSession> recent = new java.util.ArrayDeque<>();
    private final AtomicLong endedCount = new AtomicLong();
    private int active;
    private boolean serving;
    private ListeningEndpoint endpoint;

    /**
     * @param sessionsChanged told the number of active sessions after every change, in order
     * @param workerSide      told (from session threads) when a job failed or may have failed for a reason of the
     *                        worker's own: the sandbox could not be set up, the session directory is out of the job
     *                        user's reach, a program could not be started
     */
    public ScriptingServer(SessionConfig config, Transport transport, EnvironmentCache cache, ScriptRunner runner,
            IntConsumer sessionsChanged, Consumer<String> workerSide) {
        this.config = config;
        this.transport = transport;
        this.sessionsChanged = sessionsChanged;
        this.perAddress = new AddressQuota(config.maxSessionsPerAddress());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService preparation = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "session-preparation-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.services = new JobServices(cache, new WorkPackageUnpacker(config.packageLimits()), runner, preparation,
                workerSide);
    }

    /** Starts listening for pool users; port 0 picks an ephemeral port. */
    public ListeningEndpoint listen(List<InetSocketAddress> addresses) throws IOException {
        endpoint = transport.listen(addresses, Protocol.SSP, new Listener());
        log.info("scripting service listening on {} over {} (at most {} sessions)", endpoint.localAddresses(),
                transport.name(), config.maxSessions());
        return endpoint;
    }

    public ListeningEndpoint endpoint() {
        return endpoint;
    }

    public SessionConfig config() {
        return config;
    }

    /** While false, new associations get Not Ready (Out of Resources); running sessions go on. */
    public void setServing(boolean value) {
        synchronized (lock) {
            serving = value;
        }
    }

    /** A session that has ended, for status reports. */
    public record EndedSession(String id, String job, String outcome, long durationMs, long endedAtEpochMs) {
    }

    /** How many ended sessions {@link #recentlyEnded} keeps. */
    public static final int RECENT = 10;

    /** The sessions now, in no order. */
    public List<ServerSessionRunner> sessions() {
        return List.copyOf(sessions.values());
    }

    /** The last {@link #RECENT} sessions that ended, newest first. */
    public List<EndedSession> recentlyEnded() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public boolean isServing() {
        synchronized (lock) {
            return serving;
        }
    }

    /** Sessions that have ended since the start. */
    public long endedSessions() {
        return endedCount.get();
    }

    public int activeSessions() {
        synchronized (lock) {
            return active;
        }
    }

    /** Waits until no session is active; false if some still are after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            // a session whose slot is already free may still be sending its last Download: it counts until it ends
            while (active > 0 || !sessions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Aborts every running session (killing its job, cleaning up) and waits for them to end. */
    public void abortAll(String reason) {
        List<ServerSessionRunner> running = List.copyOf(sessions.values());
        running.forEach(s -> s.abortFromOutside(reason));
        try {
            CompletableFuture.allOf(running.stream().map(ServerSessionRunner::ended).toArray(CompletableFuture[]::new))
                    .get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            log.warn("sessions did not end within {} s of being aborted: {}", ABORT_WAIT.toSeconds(), e.toString());
        }
    }

    /** Stops listening, aborts what still runs and stops the preparation threads. */
    @Override
    public void close() {
        setServing(false);
        if (endpoint != null) {
            endpoint.close();
        }
        abortAll("the worker is stopping");
        services.preparation().shutdownNow();
    }

    private void accept(Association association) {
        String refusal = null;
        int reason = NotReady.REASON_FULLY_LOADED;
        InetAddress source = association.remoteAddresses().isEmpty() ? null
                : association.remoteAddresses().get(0).getAddress();
        synchronized (lock) {
            if (!serving) {
                refusal = "not serving now";
                reason = NotReady.REASON_OUT_OF_RESOURCES;
            } else if (active >= config.maxSessions()) {
                refusal = "fully loaded, " + active + " of " + config.maxSessions() + " sessions active";
            } else if (source != null && !perAddress.acquire(source)) {
                refusal = source.getHostAddress() + " already holds " + perAddress.max()
                        + " sessions (--max-sessions-per-address)";
            } else {
                active++;
                if (source != null) sources.put(association, source);
            }
        }
        if (refusal != null) {
            refuse(association, reason, refusal);
            return;
        }
        String id = "s" + sessionNumbers.incrementAndGet();
        SessionDirectory directory;
        try {
            directory = SessionDirectory.create(config.workDir());
        } catch (IOException e) {
            log.error("session {}: cannot create a session directory in {}: {}", id, config.workDir(), e.toString());
            releaseSource(association);
            release(null);
            refuse(association, NotReady.REASON_OUT_OF_RESOURCES, "no session directory");
            return;
        }
        association.peerIdentity().ifPresent(user -> log.info("session {}: user '{}' from {}", id, user.name(),
                association.remoteAddresses()));
        ServerSessionRunner session = new ServerSessionRunner(id, association, directory, config, services,
                this::freeSlot, this::release);
        sessions.put(association, session);
        synchronized (lock) {
            sessionsChanged.accept(active);
        }
        session.start();
    }

    private void refuse(Association association, int reason, String why) {
        log.info("{} from {}: Not Ready ({})", association.id(), association.remoteAddresses(), why);
        try {
            association.send(Protocol.SSP, SspCodec.INSTANCE.encode(new NotReady(reason, config.hostInfo())));
        } catch (IOException e) {
            log.debug("{}: Not Ready not sent: {}", association.id(), e.getMessage());
        }
        association.close();
    }

    /** A session's job is over and its output on the way: its slot is free for the next session. */
    private void freeSlot(ServerSessionRunner session) {
        if (session.giveUpSlot()) {
            releaseSource(session.association()); // the address's count follows the slots, as the total does
            slotFreed();
        }
    }

    /** A session has ended and is cleaned up (or never started): its slot is free if it was not yet. */
    private void release(ServerSessionRunner session) {
        if (session != null) {
            sessions.remove(session.association());
            releaseSource(session.association());
            endedCount.incrementAndGet();
            synchronized (recent) {
                recent.addFirst(new EndedSession(session.id(), session.job().orElse(""), session.outcome(),
                        session.ageMillis(), System.currentTimeMillis()));
                while (recent.size() > RECENT) recent.removeLast();
            }
        }
        if (session == null || session.giveUpSlot()) {
            slotFreed();
        } else {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    private void releaseSource(Association association) {
        InetAddress source = sources.remove(association);
        if (source != null) {
            synchronized (lock) {
                perAddress.release(source);
            }
        }
    }

    private void slotFreed() {
        synchronized (lock) {
            active--;
            lock.notifyAll();
            sessionsChanged.accept(active);
        }
    }

    private final class Listener implements AssociationListener {
        @Override
        public void onEstablished(Association association) {
            accept(association);
        }

        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            ServerSessionRunner session = sessions.get(association);
            if (session != null) {
                session.onMessage(message);
            }
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {
            ServerSessionRunner session = sessions.get(association);
            if (session != null) {
                session.onCommLost(reason);
            }
        }
    }
}
