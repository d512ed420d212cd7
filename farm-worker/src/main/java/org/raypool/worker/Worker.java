package org.raypool.worker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.raypool.Version;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.HandshakeLimits;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.worker.job.CannotRunJobsException;
import org.raypool.worker.job.EnvironmentCache;
import org.raypool.worker.job.Sandbox;
import org.raypool.worker.job.SandboxUnavailableException;
import org.raypool.worker.job.ScriptRunner;
import org.raypool.worker.job.SelfCheck;
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
 *
 * <p>Jobs: before anything is opened the worker checks that it can run jobs at all ({@link SelfCheck}) and refuses to
 * start if not. A job that fails later for a reason of the worker's own runs the check again; if it fails, the
 * worker withdraws from the pool (deregisters, answers Not Ready) and checks itself every
 * {@link WorkerConfig#selfCheckInterval()} until it passes, then registers again ({@link JobReadiness}).
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
    private SelfCheck selfCheck;
    /** Guarded by gateLock, as is windowOpen. */
    private final JobReadiness readiness;
    private boolean windowOpen;
    private final ScheduledExecutorService checks;

    /** The authenticated farm's credentials (docs/security.md), or empty: open mode. */
    private final Optional<Credentials> credentials;
    /** Bounds on the TLS handshakes of the SSP and ASAP ports' accepted connections (docs/security.md). */
    private final HandshakeLimits handshakes;

    private Worker(WorkerConfig config, Optional<Credentials> credentials, HandshakeLimits handshakes) {
        this.config = config;
        this.credentials = credentials;
        this.handshakes = handshakes;
        this.readiness = new JobReadiness(config.selfCheckInterval());
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "self-check");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the worker. When a serve window is open now (or there are none) it registers before returning and a
     * failed registration fails the start, as RSPLIB's; later openings retry instead.
     */
    public static Worker start(WorkerConfig config, Clock clock)
            throws IOException, InterruptedException, SandboxUnavailableException, CannotRunJobsException {
        return start(config, clock, Optional.empty());
    }

    /**
     * With credentials the worker is in the authenticated farm: its SSP port accepts users only, it registers only
     * with a registrar, and its ASAP port takes keep-alives from registrars only (docs/security.md).
     */
    public static Worker start(WorkerConfig config, Clock clock, Optional<Credentials> credentials)
            throws IOException, InterruptedException, SandboxUnavailableException, CannotRunJobsException {
        return start(config, clock, credentials, HandshakeLimits.DEFAULTS);
    }

    /** As {@link #start(WorkerConfig, Clock, Optional)}, TLS handshakes of accepted connections bounded by {@code handshakes}. */
    public static Worker start(WorkerConfig config, Clock clock, Optional<Credentials> credentials,
                               HandshakeLimits handshakes)
            throws IOException, InterruptedException, SandboxUnavailableException, CannotRunJobsException {
        Worker worker = new Worker(config, credentials, handshakes);
        try {
            worker.open(clock);
        } catch (IOException | InterruptedException | SandboxUnavailableException | CannotRunJobsException
                | RuntimeException e) {
            // A stop during start-up interrupts the starting thread; the release must not trip over that.
            boolean interrupted = Thread.interrupted();
            worker.stop(Duration.ZERO);
            if (interrupted) Thread.currentThread().interrupt();
            throw e;
        }
        return worker;
    }

    private void open(Clock clock)
            throws IOException, InterruptedException, SandboxUnavailableException, CannotRunJobsException {
        this.clock = clock;
        Sandbox sandbox = Sandbox.resolve(config.sandbox());
        selfCheck = SelfCheck.of(config.session().workDir(), sandbox);
        Optional<SelfCheck.Problem> problem = selfCheck.run();
        if (problem.isPresent()) {
            throw new CannotRunJobsException(problem.get());
        }
        cache = EnvironmentCache.open(config.cache());
        runner = new ScriptRunner(sandbox, config.jobLimits());
        Transport ssp = Transports.forName(config.transport(),
                new TransportOptions(config.session().timers().transmitTimeout(), CLOSE_TIMEOUT), null,
                credentials.map(c -> TlsPolicy.accepting(c, Role.USER).with(handshakes)).orElse(null));
        Transport asap = Transports.forName(config.transport(), TransportOptions.DEFAULTS, null,
                credentials.map(c -> TlsPolicy.connectingTo(c, Role.REGISTRAR).with(handshakes)).orElse(null));
        server = new ScriptingServer(config.session(), ssp, cache, runner, this::sessionsChanged,
                this::workerSideFailure);
        ListeningEndpoint endpoint = server.listen(config.listen());
        registration = new WorkerRegistration(config.asap(), asap, config.poolHandle(), config.identifier(),
                UserTransport.of(ssp.name(), endpoint.port(), config.listen()),
                LoadPolicy.of(config.policy(), config.session().maxSessions()), config.reregistrationInterval());
        log.info("farm-worker {}: pool element 0x{} of pool '{}' on {} port {}, {} sessions at most, sandbox {}",
                Version.get(), Integer.toHexString(config.identifier()), config.poolHandle(), ssp.name(),
                endpoint.port(), config.session().maxSessions(), sandbox);
        Instant now = clock.instant();
        boolean openNow = config.schedule().isOpen(now, clock.getZone());
        synchronized (gateLock) {
            windowOpen = openNow;
        }
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

    /** Whether jobs can run here and, while they cannot, why and until when at least. */
    public JobReadiness.Snapshot jobReadiness() {
        synchronized (gateLock) {
            return readiness.snapshot();
        }
    }

    // ---- withdrawing from the pool while jobs cannot run

    /** A session's job failed, or may have failed, for a reason of the worker's own: check now (once at a time). */
    private void workerSideFailure(String why) {
        synchronized (gateLock) {
            if (stopping || !readiness.onWorkerSideFailure(clock.instant())) {
                return;
            }
        }
        log.info("a job failed for a reason of the worker's own ({}); checking whether jobs can run", why);
        schedule(this::check, Duration.ZERO);
    }

    /** Runs the self-check and carries its transition out; on the self-check thread. */
    private void check() {
        Optional<SelfCheck.Problem> problem = selfCheck.run();
        synchronized (gateLock) {
            String before = readiness.snapshot().problem().orElse("");
            JobReadiness.Transition transition = readiness.onCheck(problem.map(SelfCheck.Problem::line),
                    clock.instant());
            if (stopping) {
                return;
            }
            switch (transition) {
                case WITHDRAW -> {
                    log.warn("withdrawing from the pool: cannot run jobs: {}; checking again every {} s",
                            problem.get().line(), readiness.interval().toSeconds());
                    server.setServing(false);
                    registration.deregister(DEREGISTRATION_TIMEOUT);
                }
                case RETURN -> {
                    log.warn("jobs can run again (the self-check passed; it had found: {}); {}", before,
                            windowOpen ? "returning to the pool" : "serving again when a serve window opens");
                    rejoin();
                }
                case NONE -> {
                    if (problem.isEmpty()) {
                        log.info("self-check passed; jobs can run here, staying in the pool");
                    } else {
                        log.info("still cannot run jobs: {}", problem.get().line());
                    }
                }
            }
            readiness.nextCheck().ifPresent(next -> schedule(this::recheck,
                    Duration.between(clock.instant(), next)));
        }
    }

    private void recheck() {
        synchronized (gateLock) {
            if (stopping || readiness.ready()) {
                return;
            }
            if (!readiness.recheckDue(clock.instant())) {
                // the timer fired a hair early by the clock
                readiness.nextCheck().ifPresent(next -> schedule(this::recheck,
                        Duration.between(clock.instant(), next)));
                return;
            }
        }
        check();
    }

    /** Registers again after a withdrawal, if a serve window is open; retried every interval until it works. */
    private void rejoin() {
        synchronized (gateLock) {
            if (stopping || !readiness.ready() || !windowOpen || registration.isRegistered()) {
                return;
            }
            server.setServing(true);
            try {
                registration.register(config.registrationTimeout());
                return;
            } catch (IOException e) {
                log.warn("cannot register pool element 0x{}: {}; trying again in {} s",
                        Integer.toHexString(config.identifier()), e.getMessage(), readiness.interval().toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            server.setServing(false);
        }
        schedule(this::rejoin, readiness.interval());
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            checks.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
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
                windowOpen = true;
                if (!readiness.ready()) {
                    log.info("staying out of the pool while jobs cannot run here");
                    return true;
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
                windowOpen = false;
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
        checks.shutdownNow();
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
