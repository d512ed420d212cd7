package org.raypool.worker.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.raypool.asap.AddressScope;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.UnknownPoolException;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.RegistrarConfig;
import org.raypool.testing.Await;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.worker.JobReadiness;
import org.raypool.worker.Worker;
import org.raypool.worker.WorkerConfig;
import org.raypool.worker.job.EnvironmentCacheConfig;
import org.raypool.worker.job.JobLimits;
import org.raypool.worker.job.SandboxConfig;
import org.raypool.worker.job.SandboxMode;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.worker.schedule.ServeSchedule;
import org.raypool.worker.session.SessionConfig;
import org.raypool.worker.session.SessionTimers;

/**
 * A registrar in-process over loopback TCP with short timers (as farm-registrar's own tests use it) and the
 * workers of a test, with a resolver to look at the pool as pool users see it.
 */
public final class TestFarm implements AutoCloseable {
    public static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    public static final String HOST = "testhost";

    private final Registrar registrar;
    private final Path root;
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private HandleResolver resolver;

    private TestFarm(Path root) throws IOException {
        this.root = root;
        registrar = Registrar.start(new RegistrarConfig(0x7e57fa12, "tcp", List.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.empty(), Optional.empty(), 1, Duration.ofMillis(1000), AddressScope.LOOPBACK, 3, 3, 0,
                Duration.ofMillis(300), Duration.ofMillis(300)));
    }

    /** @param root a test's temporary directory; work and cache directories go below it */
    public static TestFarm start(Path root) throws IOException {
        // The job user (nobody, when tests run as root) must be able to reach the session directories.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        return new TestFarm(root);
    }

    public InetSocketAddress registrarAddress() {
        return new InetSocketAddress("127.0.0.1", registrar.asapEndpoint().port());
    }

    public AsapClientConfig client() {
        return AsapClientConfig.withRegistrars(List.of(List.of(registrarAddress())))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /** The session parent directory of worker {@code name}. */
    public Path workDir(String name) throws IOException {
        Path dir = root.resolve(name + "-work");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /** A worker configuration: TCP on loopback, this farm's registrar, sandbox auto, short timers. */
    public WorkerConfig config(String name, int identifier, int maxSessions, SessionTimers timers) throws IOException {
        Path work = workDir(name);
        SessionConfig session = new SessionConfig(maxSessions, HOST, work, false, timers, WorkPackageLimits.defaults());
        return new WorkerConfig(POOL, client(), Optional.empty(), "tcp", List.of(new InetSocketAddress("127.0.0.1", 0)),
                identifier, Duration.ofSeconds(30), Duration.ofSeconds(5), session,
                EnvironmentCacheConfig.defaults().withDirectory(root.resolve(name + "-cache")),
                SandboxConfig.of(SandboxMode.AUTO).withHiddenPaths(List.of(work, root.resolve(name + "-cache"))),
                JobLimits.defaults(), ServeSchedule.always(), Duration.ofSeconds(10), JobReadiness.DEFAULT_INTERVAL);
    }

    /**
     * Short timers, with room for a loaded test machine: 5 s transmit timeout, a Keep-Alive every 300 ms with a
     * 3 s timeout, 100 ms ticks.
     */
    public static SessionTimers shortTimers() {
        return new SessionTimers(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(3),
                Duration.ofMillis(100));
    }

    /** The session configuration with other timers. */
    public static UnaryOperator<SessionConfig> timers(SessionTimers timers) {
        return s -> new SessionConfig(s.maxSessions(), s.hostInfo(), s.workDir(), s.keepTemp(), timers,
                s.packageLimits());
    }

    public Worker worker(WorkerConfig config) throws Exception {
        Worker worker = Worker.start(config, Clock.systemDefaultZone());
        closeLater.add(() -> worker.stop(Duration.ZERO));
        return worker;
    }

    public Worker worker(String name, int identifier, int maxSessions, UnaryOperator<SessionConfig> session)
            throws Exception {
        WorkerConfig c = config(name, identifier, maxSessions, shortTimers());
        return worker(new WorkerConfig(c.poolHandle(), c.asap(), c.policy(), c.transport(), c.listen(), c.identifier(),
                c.reregistrationInterval(), c.registrationTimeout(), session.apply(c.session()), c.cache(), c.sandbox(),
                c.jobLimits(), c.schedule(), c.stopTimeout(), c.selfCheckInterval()));
    }

    /** The pool's elements as a pool user's handle resolution returns them; empty when the pool is gone. */
    public List<PoolElement> resolve() throws Exception {
        if (resolver == null) {
            resolver = new HandleResolver(client(), Transports.forName("tcp"), Duration.ZERO);
        }
        try {
            return resolver.resolve(POOL, 16, Duration.ofSeconds(5));
        } catch (UnknownPoolException e) {
            return List.of();
        }
    }

    /** Polls until {@code condition} holds, failing after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition::getAsBoolean);
    }

    @Override
    public void close() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        if (resolver != null) {
            resolver.close();
        }
        registrar.close();
    }
}
