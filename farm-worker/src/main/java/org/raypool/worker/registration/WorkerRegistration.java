package org.raypool.worker.registration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.transport.Transport;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.TransportParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker as a pool element of its pool: registered while it serves, deregistered while it does not, with the
 * same PE identifier throughout. Its load follows the active sessions (docs/protocol/scripting-service.md §5.4): every
 * change is handed to the registration, which re-registers at once when the load moved by 1 % or more, and every 2.5 s
 * the load is offered again, as RSPLIB's main loop does, so that a change made while a re-registration was still under
 * way is not lost.
 */
public final class WorkerRegistration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);
    private static final Duration LOAD_CHECK = Duration.ofMillis(2500);

    private final AsapClientConfig asap;
    private final Transport transport;
    private final PoolHandle poolHandle;
    private final int identifier;
    private final Function<List<InetSocketAddress>, TransportParameter> userTransport;
    private final LoadPolicy loadPolicy;
    private final Duration reregistrationInterval;
    private final ScheduledExecutorService loadCheck;
    private final Object lock = new Object();
    private volatile PoolElementRegistration current;
    private volatile int activeSessions;

    public WorkerRegistration(AsapClientConfig asap, Transport transport, PoolHandle poolHandle, int identifier,
            Function<List<InetSocketAddress>, TransportParameter> userTransport, LoadPolicy loadPolicy,
            Duration reregistrationInterval) {
        this.asap = asap;
        this.transport = transport;
        this.poolHandle = poolHandle;
        this.identifier = identifier;
        this.userTransport = userTransport;
        this.loadPolicy = loadPolicy;
        this.reregistrationInterval = reregistrationInterval;
        this.loadCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, String.format("pe-0x%08x-load", identifier));
            t.setDaemon(true);
            return t;
        });
        loadCheck.scheduleWithFixedDelay(this::offerLoad, LOAD_CHECK.toMillis(), LOAD_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public int identifier() {
        return identifier;
    }

    public PoolHandle poolHandle() {
        return poolHandle;
    }

    /** The home registrar association, empty while not registered or between registrars. */
    public java.util.Optional<org.raypool.asap.RegistrarConnection> registrar() {
        PoolElementRegistration registration = current;
        return registration == null ? java.util.Optional.empty() : registration.registrar();
    }

    /** The policy with the load it registers now. */
    public org.raypool.wire.param.PoolMemberSelectionPolicy policy() {
        return loadPolicy.forSessions(activeSessions);
    }

    public boolean isRegistered() {
        return current != null;
    }

    /**
     * Registers (a no-op while registered) and waits up to {@code timeout} for the registrar's answer.
     *
     * @throws IOException no registrar answered, or the registration was rejected (the message says why)
     */
    public void register(Duration timeout) throws IOException, InterruptedException {
        synchronized (lock) {
            if (current != null) {
                return;
            }
            PoolElementRegistration registration = new PoolElementRegistration(asap, transport, poolHandle,
                    identifier, userTransport, loadPolicy.forSessions(activeSessions), reregistrationInterval);
            try {
                registration.register(timeout);
            } catch (IOException | InterruptedException | RuntimeException e) {
                registration.close();
                throw e;
            }
            current = registration;
        }
        offerLoad();
    }

    /** Deregisters, waiting up to {@code timeout} for the answer; a no-op while not registered. */
    public void deregister(Duration timeout) {
        PoolElementRegistration registration;
        synchronized (lock) {
            registration = current;
            current = null;
        }
        if (registration != null) {
            registration.deregister(timeout);
            registration.close();
        }
    }

    /** The number of active sessions changed. */
    public void sessionsChanged(int active) {
        activeSessions = active;
        offerLoad();
    }

    private void offerLoad() {
        PoolElementRegistration registration = current;
        if (registration != null) {
            try {
                registration.updatePolicy(loadPolicy.forSessions(activeSessions));
            } catch (RuntimeException e) {
                log.warn("pool element 0x{}: load update failed: {}", Integer.toHexString(identifier), e.toString());
            }
        }
    }

    /** Deregisters (3 s at most) and stops the load check. */
    @Override
    public void close() {
        loadCheck.shutdownNow();
        deregister(Duration.ofSeconds(3));
    }
}
