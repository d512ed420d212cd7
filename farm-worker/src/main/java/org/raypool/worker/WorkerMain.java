package org.raypool.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.raypool.asap.AsapClientConfig;
import org.raypool.cli.Cli;
import org.raypool.cli.CspOption;
import org.raypool.cli.StatusOutputs;
import org.raypool.cli.http.HttpOption;
import org.raypool.csp.CspConfig;
import org.raypool.worker.status.WorkerCsp;
import org.raypool.worker.status.WorkerHttp;
import org.raypool.worker.status.WorkerStatus;
import org.raypool.cli.StopSignals;
import org.raypool.cli.LogLevelOption;
import org.raypool.cli.ReadyFile;
import org.raypool.cli.CredentialsOption;
import org.raypool.cli.TlsHandshakeOptions;
import org.raypool.cli.TransportOption;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.HandshakeLimits;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.worker.job.CannotRunJobsException;
import org.raypool.worker.job.EnvironmentCacheConfig;
import org.raypool.worker.job.JobLimits;
import org.raypool.worker.job.SandboxConfig;
import org.raypool.worker.job.SandboxMode;
import org.raypool.worker.job.SandboxUnavailableException;
import org.raypool.worker.job.SessionDirectory;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.worker.schedule.ServeSchedule;
import org.raypool.worker.schedule.ServeWindow;
import org.raypool.worker.session.SessionConfig;
import org.raypool.worker.session.SessionTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line of farm-worker: GNU-style spellings of RSPLIB's {@code rspserver -scripting} options
 * (docs/protocol/scripting-service.md §7.1) with RSPLIB's defaults. This class is the only place that parses
 * options; the worker gets a {@link WorkerConfig}.
 */
@Command(name = "farm-worker", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Cli.VersionProvider.class,
        description = "The RayPool worker: a Scripting Service pool element that renders work packages with POV-Ray.",
        footer = {"", "Serve windows: 'DAYS HH:MM-HH:MM' (e.g. 'MON-FRI 18:00-08:00'; DAYS as in a Quartz cron "
                + "day-of-week field: MON-FRI, SAT,SUN, *; an end not after the start is on the next day) or "
                + "'CRON for DURATION' (e.g. '0 0 18 ? * MON-FRI for 14h', any Quartz cron expression). "
                + "Times are local. Outside every window the worker deregisters, finishes running sessions and "
                + "waits; it registers again when a window opens.",
                "", "SIGTERM: deregister, let running sessions finish (--stop-timeout), abort the rest, exit 0. "
                + "During start-up: end it, release what was opened, exit 0."})
public final class WorkerMain implements Callable<Integer> {

    @Option(names = "--pool", paramLabel = "HANDLE", defaultValue = WorkerConfig.DEFAULT_POOL_HANDLE,
            description = "Pool handle to register in (-poolhandle). Default: ${DEFAULT-VALUE}.")
    String pool;

    @Option(names = "--registrar", paramLabel = "HOST:PORT[,HOST...]",
            description = "A registrar (-registrar), repeatable; port 3863 when left out. Default: registrars "
                    + "found by their announces.")
    List<String> registrars = new ArrayList<>();

    @Option(names = "--asap-announce", paramLabel = "ADDR:PORT|auto|off", defaultValue = "auto",
            description = "Multicast group to hear Server Announces on (-asapannounce); auto = 239.0.0.50:3863 "
                    + "when no --registrar is given, else off. Default: ${DEFAULT-VALUE}.")
    String asapAnnounce;

    @Option(names = "--announce-interface", paramLabel = "NAME",
            description = "Network interface for announces (e.g. eth0). Default: every multicast interface.")
    String announceInterface;

    @Option(names = "--policy", paramLabel = "SPEC",
            description = "Pool member selection policy (-policy), e.g. LeastUsedDegradation:0.5, RoundRobin. "
                    + "Default: LeastUsedDegradation with degradation 1/max-sessions.")
    String policy;

    @Option(names = "--max-sessions", paramLabel = "N",
            description = "Sessions served at once (-ssmaxthreads), at least 1. Default: the number of CPUs.")
    Integer maxSessions;

    @Option(names = "--listen", paramLabel = "HOST:PORT[,HOST...]",
            description = "Address(es) of the scripting service (-local). Default: all addresses, an ephemeral port.")
    String listen;

    @Mixin
    TransportOption transport;

    @Mixin
    CredentialsOption credentials;

    /** What {@link #config()} loaded from {@code --credentials}; empty in open mode. */
    private Optional<Credentials> loadedCredentials = Optional.empty();

    @Mixin
    TlsHandshakeOptions tlsHandshakes;

    /** What {@link #config()} made of the handshake options. */
    private HandshakeLimits handshakeLimits = HandshakeLimits.DEFAULTS;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where session directories (rspSS-Session-XXXXXX) are made. Default: $TMPDIR or /tmp.")
    Path workDir;

    @Option(names = "--keep-temp",
            description = "Keep session directories after the session (-sskeeptempdirs).")
    boolean keepTemp;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Environment cache directory (-sscachedirectory), kept across restarts. "
                    + "Default: a temporary directory, removed on exit.")
    Path cacheDir;

    @Option(names = "--cache-max-entries", paramLabel = "N", defaultValue = "16",
            description = "Most cached environments (-sscachemaxentries), at least 1. Default: ${DEFAULT-VALUE}.")
    int cacheMaxEntries;

    @Option(names = "--cache-max-size", paramLabel = "KIB", defaultValue = "131072",
            description = "Most KiB of cached environments (-sscachemaxsize), at least 128. Default: ${DEFAULT-VALUE}.")
    long cacheMaxSize;

    @Option(names = "--keep-alive-interval", paramLabel = "MS", defaultValue = "15000",
            description = "Keep-Alive period while a job runs (-sskeepaliveinterval). Default: ${DEFAULT-VALUE}.")
    long keepAliveInterval;

    @Option(names = "--keep-alive-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "Abort a session whose Keep-Alive is unanswered this long (-sskeepalivetimeout). "
                    + "Default: ${DEFAULT-VALUE}.")
    long keepAliveTimeout;

    @Option(names = "--transmit-timeout", paramLabel = "MS", defaultValue = "30000",
            description = "Abort a session that sends nothing this long during the upload, or does not take a "
                    + "message this long (-sstransmittimeout). Default: ${DEFAULT-VALUE}.")
    long transmitTimeout;

    @Option(names = "--max-upload-size", paramLabel = "KIB", defaultValue = "524288",
            description = "Largest work package or environment file accepted; bigger ones are refused, with "
                    + "the reason in the results. Default: ${DEFAULT-VALUE}.")
    long maxUploadSize;

    @Option(names = "--max-job-time", paramLabel = "DURATION", defaultValue = "4h",
            description = "Wall-clock limit of one ssrun, e.g. 90m; 0 = none. Default: ${DEFAULT-VALUE}.")
    String maxJobTime;

    @Option(names = "--sandbox", paramLabel = "auto|bwrap|unshare|none", defaultValue = "auto",
            description = "How jobs are confined (docs/sandbox.md): auto = bubblewrap, else util-linux unshare; "
                    + "refuses to start if neither runs. none = unconfined, only when given. Default: ${DEFAULT-VALUE}.")
    String sandbox;

    @Option(names = "--max-session-processes", paramLabel = "N", defaultValue = "256",
            description = "Processes and threads one session may run at once (RLIMIT_NPROC in the sandbox's user "
                    + "namespace; not with --sandbox none); 0 = none. Default: ${DEFAULT-VALUE}.")
    int maxSessionProcesses;

    @Option(names = "--max-session-disk", paramLabel = "MIB", defaultValue = "4096",
            description = "Disk one session directory may use while its job runs; past it the job is killed. "
                    + "0 = none. Default: ${DEFAULT-VALUE}.")
    long maxSessionDisk;

    @Option(names = "--upload-deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "Time from Ready to the end of the whole upload; a slower client is cut off. "
                    + "Default: ${DEFAULT-VALUE}.")
    String uploadDeadline;

    @Option(names = "--max-sessions-per-address", paramLabel = "N",
            description = "Sessions one source address may hold at once; more get Not Ready. "
                    + "Default: --max-sessions.")
    Integer maxSessionsPerAddress;

    @Option(names = "--id", paramLabel = "ID", description = "PE identifier (-identifier), 0x... or decimal. "
            + "Default: random.")
    String id;

    @Option(names = "--rereg-interval", paramLabel = "MS", defaultValue = "30000",
            description = "Re-registration interval (-rereginterval), at least 10; the registration lives three. "
                    + "Default: ${DEFAULT-VALUE}.")
    long reregInterval;

    @Option(names = "--serve-window", paramLabel = "WINDOW",
            description = "Serve only while a window is open, repeatable (see below). Default: always serve.")
    List<String> serveWindows = new ArrayList<>();

    @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "On SIGTERM, how long running sessions may finish before they are aborted. "
                    + "Default: ${DEFAULT-VALUE}.")
    String stopTimeout;

    @Option(names = "--self-check-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "While the worker cannot run jobs and has left the pool, how often it checks itself "
                    + "again. Default: ${DEFAULT-VALUE}.")
    String selfCheckInterval;

    @Mixin
    CspOption csp;

    @Mixin
    HttpOption http;

    @Mixin
    LogLevelOption logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReadyFile readyFile;

    private StopSignals stop = StopSignals.notInstalled();

    public static void main(String[] args) {
        // The first statement: from here on a SIGTERM is a request to stop in order, whatever start-up is doing.
        StopSignals stop = StopSignals.install();
        // a stop in this phase ends the start-up at the command's first check
        stop.stopAt("main");
        WorkerMain main = new WorkerMain();
        main.stop = stop;
        System.exit(Cli.commandLine(main).execute(args));
    }

    static CommandLine commandLine() {
        return Cli.commandLine(new WorkerMain());
    }

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = config();
        Cli cli = new Cli(spec);
        Optional<CspConfig> cspConfig = csp.config(cli);
        Optional<InetSocketAddress> httpAddress = http.address(cli);
        credentials.logMode(loadedCredentials);
        if (!stop.handled()) {
            log().warn("cannot handle SIGTERM; a stop aborts running sessions at once");
        }
        if (stop.stopAt("options")) return stoppedDuringStartUp("options");
        Worker worker;
        try {
            readyFile.clear();
            // A stop while registering interrupts this thread; Worker.start then releases what it opened.
            worker = Worker.start(config, Clock.systemDefaultZone(), loadedCredentials, handshakeLimits);
        } catch (CannotRunJobsException e) {
            if (stop.requested()) return stoppedDuringStartUp("starting");
            spec.commandLine().getErr().println("farm-worker: cannot run jobs: " + e.getMessage());
            return 1;
        } catch (IOException | SandboxUnavailableException | InterruptedException | IllegalStateException e) {
            if (stop.requested()) return stoppedDuringStartUp("starting");
            spec.commandLine().getErr().println("farm-worker: cannot start: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            if (stop.requested()) return stoppedDuringStartUp("starting");
            throw e;
        }
        Runnable abort = () -> worker.stop(Duration.ZERO);
        if (stop.stopAt("started")) return stoppedDuringStartUp("started", abort);
        WorkerStatus status = new WorkerStatus(worker);
        StatusOutputs outputs;
        try {
            outputs = StatusOutputs.start(httpAddress, a -> WorkerHttp.start(a, status), cspConfig,
                    c -> WorkerCsp.start(c, status));
        } catch (IOException e) {
            if (stop.requested()) return stoppedDuringStartUp("started", abort);
            spec.commandLine().getErr().println("farm-worker: " + e.getMessage());
            abort.run();
            return 1;
        } catch (RuntimeException e) {
            abort.run();
            if (stop.requested()) return stoppedDuringStartUp("started");
            throw e;
        }
        if (stop.stopAt("status")) return stoppedDuringStartUp("status", outputs::close, abort);
        try {
            // the ready file names the transport in use: 'auto' resolved
            readyFile.write(spec.name(), config.identifier(), Transports.forName(config.transport()).name(),
                    Map.of("ssp", worker.port(), "registered", worker.registration().isRegistered()), outputs);
        } catch (IOException e) {
            // the file is written through a channel, which a stop's interrupt closes
            if (stop.requested()) return stoppedDuringStartUp("status", outputs::close, abort);
            spec.commandLine().getErr().println("farm-worker: " + e.getMessage());
            outputs.close();
            abort.run();
            return 1;
        }
        stop.startUpOver();
        // Any other way out (SIGHUP, a fatal error): abort what runs, clean up, deregister.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            readyFile.remove();
            outputs.close();
            abort.run();
        }, "farm-worker-shutdown"));
        stop.await();
        log().info("stop requested: deregistering, then letting running sessions finish (up to {} s)",
                config.stopTimeout().toSeconds());
        readyFile.remove();
        worker.stop(config.stopTimeout());
        outputs.close();
        return 0;
    }

    /** Asked for when needed: a static logger would set logging up before main's first statement. */
    private static Logger log() {
        return LoggerFactory.getLogger(WorkerMain.class);
    }

    /** A stop requested during start-up: release what was opened (in the order given) and end with 0. */
    private int stoppedDuringStartUp(String phase, Runnable... opened) {
        stop.startUpOver();
        log().info("stop requested during start-up: ending it at phase '{}'", phase);
        for (Runnable release : opened) {
            release.run();
        }
        return 0;
    }

    /**
     * What a job's sandbox hides besides its defaults (docs/sandbox.md): the other sessions, the environment cache
     * and the worker's credentials; a job that read the worker's key could pose as this worker and be sent every
     * user's scenes (docs/security.md). What lies in /tmp and friends is a private tmpfs in the sandbox already;
     * hiding it again would make it read-only.
     */
    static List<Path> hiddenFromJobs(Path sessionParent, Optional<Path> cacheDir, Optional<Path> credentials) {
        List<Path> privateInSandbox = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
        List<Path> hidden = new ArrayList<>();
        if (!privateInSandbox.contains(sessionParent)) hidden.add(sessionParent);
        cacheDir.ifPresent(hidden::add);
        credentials.filter(d -> privateInSandbox.stream().noneMatch(d::startsWith)).ifPresent(hidden::add);
        return hidden;
    }

    /** Validates every option; a bad one ends in a ParameterException that picocli prints with the usage hint. */
    WorkerConfig config() {
        Cli cli = new Cli(spec);
        logLevel.configure(cli);
        PoolHandle poolHandle = cli.parse(() -> PoolHandle.fromString(pool), "--pool");
        String transportName = transport.value(cli);
        loadedCredentials = credentials.load(cli, transportName);
        handshakeLimits = tlsHandshakes.limits(cli);
        if (loadedCredentials.isPresent()) transportName = "tcp";
        int sessions = maxSessions == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : maxSessions;
        cli.range("--max-sessions", sessions, 1, 100_000);
        cli.range("--cache-max-entries", cacheMaxEntries, 1, Integer.MAX_VALUE);
        cli.range("--cache-max-size", cacheMaxSize, EnvironmentCacheConfig.MIN_MAX_BYTES / 1024, Long.MAX_VALUE / 1024);
        cli.range("--keep-alive-interval", keepAliveInterval, 1, 3_600_000);
        cli.range("--keep-alive-timeout", keepAliveTimeout, 1, 3_600_000);
        cli.range("--transmit-timeout", transmitTimeout, 1, 3_600_000);
        cli.range("--max-upload-size", maxUploadSize, 1, Long.MAX_VALUE / 1024);
        cli.range("--rereg-interval", reregInterval, 10, 3_600_000);
        Duration jobTime = cli.parse(() -> DurationText.parse(maxJobTime), "--max-job-time");
        Duration uploadTime = cli.parse(() -> DurationText.parse(uploadDeadline), "--upload-deadline");
        if (uploadTime.isZero()) {
            throw cli.bad("--upload-deadline", "must be longer than 0");
        }
        cli.range("--max-session-processes", maxSessionProcesses, 0, 1_000_000);
        cli.range("--max-session-disk", maxSessionDisk, 0, Long.MAX_VALUE >> 20);
        int perAddress = maxSessionsPerAddress == null ? sessions : maxSessionsPerAddress;
        cli.range("--max-sessions-per-address", perAddress, 1, 100_000);
        Duration stop = cli.parse(() -> DurationText.parse(stopTimeout), "--stop-timeout");
        Duration recheck = cli.parse(() -> DurationText.parse(selfCheckInterval), "--self-check-interval");
        if (recheck.isZero()) {
            throw cli.bad("--self-check-interval", "must be longer than 0");
        }
        SandboxMode sandboxMode = cli.parse(() -> SandboxMode.parse(sandbox), "--sandbox");
        Optional<PoolMemberSelectionPolicy> selection = policy == null ? Optional.empty()
                : Optional.of(cli.parse(() -> PoolMemberSelectionPolicy.parse(policy), "--policy"));
        List<InetSocketAddress> listenAddresses = listen == null ? List.of(new InetSocketAddress(0))
                : cli.addresses("--listen", listen, 0);
        List<ServeWindow> windows = new ArrayList<>();
        for (String window : serveWindows) {
            windows.add(cli.parse(() -> ServeWindow.parse(window), "--serve-window"));
        }
        Path sessionParent = (workDir == null ? SessionDirectory.defaultParent() : workDir).toAbsolutePath().normalize();
        SessionTimers timers = new SessionTimers(Duration.ofMillis(transmitTimeout),
                Duration.ofMillis(keepAliveInterval), Duration.ofMillis(keepAliveTimeout),
                SessionTimers.DEFAULT_PROCESSING_TICK, uploadTime);
        WorkPackageLimits limits = WorkPackageLimits.defaults().withMaxUploadBytes(maxUploadSize * 1024);
        SessionConfig session = new SessionConfig(sessions, hostName(), sessionParent, keepTemp, timers, limits,
                perAddress);
        EnvironmentCacheConfig cache = new EnvironmentCacheConfig(Optional.ofNullable(cacheDir), cacheMaxEntries,
                cacheMaxSize * 1024);
        List<Path> hidden = hiddenFromJobs(sessionParent, Optional.ofNullable(cacheDir),
                credentials.directory().map(d -> d.toAbsolutePath().normalize()));
        SandboxConfig sandboxConfig = SandboxConfig.of(sandboxMode).withHiddenPaths(hidden);
        JobLimits jobLimits = JobLimits.defaults().withMaxJobTime(jobTime).withMaxProcesses(maxSessionProcesses)
                .withMaxDiskBytes(maxSessionDisk << 20);
        return new WorkerConfig(poolHandle, asapConfig(cli), selection, transportName, listenAddresses,
                id == null ? Cli.randomIdentifier() : cli.identifier("--id", id), Duration.ofMillis(reregInterval),
                WorkerConfig.DEFAULT_REGISTRATION_TIMEOUT, session, cache, sandboxConfig, jobLimits,
                new ServeSchedule(windows), stop, recheck);
    }

    private AsapClientConfig asapConfig(Cli cli) {
        int port = loadedCredentials.isPresent() ? CredentialsOption.ASAP_TLS_PORT : 3863;
        List<List<InetSocketAddress>> statics = cli.addressLists("--registrar", registrars, port);
        Optional<InetSocketAddress> group = switch (asapAnnounce) {
            case "off" -> Optional.empty();
            case "auto" -> statics.isEmpty() ? Optional.of(AsapClientConfig.ANNOUNCE_GROUP) : Optional.empty();
            default -> Optional.of(cli.address("--asap-announce", asapAnnounce, 3863));
        };
        if (statics.isEmpty() && group.isEmpty()) {
            throw cli.bad("--asap-announce", "off, and no --registrar given: there is no way to find a registrar");
        }
        Optional<String> nif = Optional.ofNullable(announceInterface);
        AsapClientConfig defaults = statics.isEmpty() ? AsapClientConfig.withAnnounces(group.orElseThrow(), nif)
                : AsapClientConfig.withRegistrars(statics);
        return new AsapClientConfig(statics, group, nif, defaults.announceTimeout(),
                defaults.connectTimeout(), defaults.responseTimeout(), defaults.requestMaxTrials());
    }

    /** The host name for Ready / Not Ready, as uname's nodename. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
