package org.raypool.worker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.raypool.Version;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.worker.job.EnvironmentCache;
import org.raypool.worker.job.Sandbox;
import org.raypool.worker.job.SandboxUnavailableException;
import org.raypool.worker.job.ScriptRunner;
import org.raypool.worker.registration.LoadPolicy;
import org.raypool.worker.registration.UserTransport;
import org.raypool.worker.registration.WorkerRegistration;
import org.raypool.worker.schedule.ServeWindowWatcher;
import org.raypool.worker.session.ScriptingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: the scripting service, its registration as pool element and the serve windows that switch
 * both. While a window is open (or always, without windows) it is registered and accepts sessions; when a window
 * closes it deregisters at once, answers new pool users with Not Ready and lets running sessions finish.
 *
 * <p>Stopping ({@link #stop}, on SIGTERM): deregister first, so no pool user is sent here any more, let running
 * sessions finish for up to the stop timeout, abort the rest (killing their jobs, removing their directories), then
 * close the cache.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration DEREGISTRATION_TIMEOUT = Duration.ofSeconds(3);
    /** How long an association may take to shut down gracefully before it is aborted. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerConfig config;
    private final Object gateLock = new Object();
    private EnvironmentCache cache;
    private ScriptRunner runner;
    private ScriptingServer server;
    private volatile WorkerRegistration registration;
    private ServeWindowWatcher watcher;
    private boolean stopping;
    private Clock clock = Clock.systemDefaultZone();

    private Worker(WorkerConfig config) {
        this.config = config;
    }

    /**
     * Starts the worker. When a serve window is open now (or there are none) it registers before returning and a
     * failed registration fails the start, as RSPLIB's; later openings retry instead.
     */
    public static Worker start(WorkerConfig config, Clock clock)
            throws IOException, InterruptedException, SandboxUnavailableException {
        Worker worker = new Worker(config);
        try {
            worker.open(clock);
        } catch (IOException | InterruptedException | SandboxUnavailableException | RuntimeException e) {
            // A stop during start-up interrupts the starting thread; the release must not trip over that.
            boolean interrupted = Thread.interrupted();
            worker.stop(Duration.ZERO);
            if (interrupted) Thread.currentThread().interrupt();
            throw e;
        }
        return worker;
    }

    private void open(Clock clock) throws IOException, InterruptedException, SandboxUnavailableException {
        this.clock = clock;
        Sandbox sandbox = Sandbox.resolve(config.sandbox());
        cache = EnvironmentCache.open(config.cache());
        runner = new ScriptRunner(sandbox, config.jobLimits());
        Transport ssp = Transports.forName(config.transport(),
                new TransportOptions(config.session().timers().transmitTimeout(), CLOSE_TIMEOUT));
        Transport asap = Transports.forName(config.transport());
        server = new ScriptingServer(config.session(), ssp, cache, runner, this::sessionsChanged);
        ListeningEndpoint endpoint = server.listen(config.listen());
        registration = new WorkerRegistration(config.asap(), asap, config.poolHandle(), config.identifier(),
                UserTransport.of(ssp.name(), endpoint.port(), config.listen()),
                LoadPolicy.of(config.policy(), config.session().maxSessions()), config.reregistrationInterval());
        log.info("farm-worker {}: pool element 0x{} of pool '{}' on {} port {}, {} sessions at most, sandbox {}",
                Version.get(), Integer.toHexString(config.identifier()), config.poolHandle(), ssp.name(),
                endpoint.port(), config.session().maxSessions(), sandbox);
        Instant now = clock.instant();
        boolean openNow = config.schedule().isOpen(now, clock.getZone());
        if (openNow) {
            server.setServing(true);
            registration.register(config.registrationTimeout());
        } else {
            log.info("outside the serve windows; idle{}", config.schedule().nextChange(now, clock.getZone())
                    .map(t -> " until " + t.atZone(clock.getZone())).orElse(""));
        }
        watcher = new ServeWindowWatcher(config.schedule(), clock, new Gate(), openNow);
        if (!config.schedule().isAlwaysOpen()) {
            watcher.start();
        }
    }

    public WorkerConfig config() {
        return config;
    }

    public ScriptingServer server() {
        return server;
    }

    public WorkerRegistration registration() {
        return registration;
    }

    public EnvironmentCache cache() {
        return cache;
    }

    /** The clock the serve windows follow. */
    public Clock clock() {
        return clock;
    }

    /** The scripting service's port. */
    public int port() {
        return server.endpoint().port();
    }

    private void sessionsChanged(int active) {
        WorkerRegistration r = registration;
        if (r != null) {
            r.sessionsChanged(active);
        }
    }

    /** Switched by the serve windows. */
    private final class Gate implements ServeWindowWatcher.Gate {
        @Override
        public boolean open() {
            synchronized (gateLock) {
                if (stopping) {
                    return false;
                }
                server.setServing(true);
                try {
                    registration.register(config.registrationTimeout());
                    return true;
                } catch (IOException e) {
                    log.warn("cannot register pool element 0x{}: {}", Integer.toHexString(config.identifier()),
                            e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server.setServing(false);
                return false;
            }
        }

        @Override
        public void close() {
            synchronized (gateLock) {
                server.setServing(false);
                registration.deregister(DEREGISTRATION_TIMEOUT);
            }
        }
    }

    /**
     * Deregisters, waits up to {@code grace} for running sessions, aborts the rest and releases everything.
     * Idempotent.
     */
    public void stop(Duration grace) {
        synchronized (gateLock) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        if (watcher != null) {
            watcher.close();
        }
        if (server != null) {
            server.setServing(false);
        }
        if (registration != null) {
            registration.close();
        }
        if (server != null) {
            int running = server.activeSessions();
            if (running > 0) {
                log.info("stopping: waiting up to {} s for {} running session(s)", grace.toSeconds(), running);
            }
            try {
                if (!server.awaitIdle(grace)) {
                    log.warn("stopping: {} session(s) still running after {} s; aborting them",
                            server.activeSessions(), grace.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (cache != null) {
            cache.close();
        }
        log.info("stopped");
    }

    /** Stops with the configured stop timeout. */
    @Override
    public void close() {
        stop(config.stopTimeout());
    }
}
