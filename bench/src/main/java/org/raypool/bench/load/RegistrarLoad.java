package org.raypool.bench.load;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.CertificateAuthority;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.AsapMessageType;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The registrar load benchmark (bench/run-registrar-load): starts the real farm-registrar in its own JVM,
 * registers PEs in one pool over raw ASAP associations, then lets N concurrent clients send Handle Resolutions
 * back-to-back, and runs the same clients against a trivial echo server (its own JVM too) as the ceiling. Prints
 * registrations/s, heap per PE, resolutions/s and latency percentiles, and the registrar's figures as a ratio of
 * the ceiling measured in the same run. Unless {@code --no-tls}, a second registrar with credentials (an
 * authenticated farm, docs/security.md) gets the same PEs over mutual TLS 1.3 from a worker's certificate and the
 * same clients with a user's certificate, and its figures are printed as a ratio of the plain registrar's from the
 * same run. Traffic stays on 127.0.0.1.
 */
@Command(name = "run-registrar-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load benchmark of farm-registrar over loopback TCP, with a trivial echo server as the ceiling.")
public final class RegistrarLoad implements Callable<Integer> {

    static final double TARGET_PER_SECOND = 50_000;
    static final double TARGET_P99_MILLIS = 2.0;
    /** The TLS registrar's target (issue 15): p99 below this, whatever the throughput. */
    static final double TARGET_TLS_P99_MILLIS = 2.0;

    @Option(names = "--registrar", paramLabel = "PATH", required = true,
            description = "The registrar's launcher (bin/farm-registrar).")
    Path registrar;

    @Option(names = "--clients", split = ",", defaultValue = "4,8,16",
            description = "Concurrent clients, one run per value. Default: ${DEFAULT-VALUE}.")
    int[] clients;

    @Option(names = "--outstanding", defaultValue = "1",
            description = "Requests each client keeps in flight; 1 = closed loop. Default: ${DEFAULT-VALUE}.")
    int outstanding;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3",
            description = "Warm-up of every run, not measured. Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "8",
            description = "Measured window of every run. Default: ${DEFAULT-VALUE}.")
    double duration;

    @Option(names = "--pes", defaultValue = "1000", description = "PEs in the pool. Default: ${DEFAULT-VALUE}.")
    int pes;

    @Option(names = "--registration-associations", defaultValue = "4",
            description = "Associations the PEs are registered over. Default: ${DEFAULT-VALUE}.")
    int registrationAssociations;

    @Option(names = "--items", defaultValue = "0",
            description = "Items asked for per Handle Resolution; 0 = none asked, the registrar's default (3). "
                    + "Default: ${DEFAULT-VALUE}.")
    long items;

    @Option(names = "--policy", defaultValue = "RoundRobin",
            description = "The PEs' policy, RSPLIB syntax (e.g. LeastUsed, WeightedRandom:1). Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--server-java-opts", paramLabel = "OPTS", defaultValue = "",
            description = "JVM options for the registrar and the echo server (JAVA_OPTS), e.g. for a JFR recording.")
    String serverJavaOpts;

    @Option(names = "--no-echo", description = "Skip the echo ceiling.")
    boolean noEcho;

    @Option(names = "--no-tls", description = "Skip the second registrar with credentials (mutual TLS 1.3), which "
            + "by default runs the same registrations and clients after the plain one in the same run.")
    boolean noTls;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the servers' logs go. Default: a new temp dir.")
    Path workDir;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Append every started server's pid here.")
    Path pidFile;

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    private final List<ServerProcess> servers = new ArrayList<>();

    public static void main(String[] args) {
        // the transport logs every association at info; the benchmark's output is its table
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new RegistrarLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (pes < 1 || registrationAssociations < 1 || outstanding < 1 || warmup < 0 || duration <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--pes, --registration-associations, --outstanding and --duration must be positive");
        }
        Duration warm = Duration.ofMillis((long) (warmup * 1000));
        Duration window = Duration.ofMillis((long) (duration * 1000));
        startWatchdog(warm, window);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServers, "stop-servers"));
        if (workDir == null) workDir = Files.createTempDirectory("registrar-load-");
        Files.createDirectories(workDir);
        try {
            run(warm, window);
            return 0;
        } finally {
            stopServers();
        }
    }

    private void run(Duration warm, Duration window) throws Exception {
        String startLoad = MachineCpu.loadAverage();
        PoolHandle pool = PoolHandle.fromString("RayPoolBench");
        PoolMemberSelectionPolicy pePolicy = PoolMemberSelectionPolicy.parse(policy);
        int port = freePort();
        InetSocketAddress registrarAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<String> opts = serverJavaOpts.isBlank() ? List.of() : Arrays.asList(serverJavaOpts.trim().split("\\s+"));

        ServerProcess reg = start("registrar", List.of(registrar.toString(), "--transport", "tcp", "--asap",
                "127.0.0.1:" + port, "--min-address-scope", "loopback", "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off", "--id", "0x52415942"),
                Map.of("JAVA_OPTS", serverJavaOpts));
        reg.awaitListening(registrarAddress, Duration.ofSeconds(30));
        TlsRegistrar tls = noTls ? null : startTlsRegistrar();
        ServerProcess echo = null;
        InetSocketAddress echoAddress = null;
        if (!noEcho) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(opts);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServer.class.getName(), "0"));
            echo = start("echo", cmd, Map.of());
            int echoPort = Integer.parseInt(echo.awaitLogLine("echo listening on 127.0.0.1:", Duration.ofSeconds(30))
                    .trim());
            echoAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), echoPort);
        }
        out.printf("registrar-load: farm-registrar pid %d on %s, echo server %s; %d CPUs; server JAVA_OPTS '%s'%n",
                reg.pid(), registrarAddress, echo == null ? "off" : "pid " + echo.pid() + " on " + echoAddress,
                Runtime.getRuntime().availableProcessors(), serverJavaOpts);
        if (tls != null) {
            out.printf("registrar-load: farm-registrar with --credentials (mutual TLS 1.3) pid %d on %s; PEs "
                    + "registered with a worker certificate, resolutions with a user certificate%n",
                    tls.process().pid(), tls.address());
        }
        out.printf("load average before the run: %s; logs in %s%n",
                startLoad, workDir);

        // ---- registrations and heap per PE
        try (PeRegistrations registrations = new PeRegistrations(registrarAddress, pool, pePolicy, pes,
                registrationAssociations)) {
            // one PE registered and dropped first, so that the classes and lambdas of a registration are loaded
            // before the first heap reading and only the PEs' own objects make the difference
            try (PeRegistrations warmUp = new PeRegistrations(registrarAddress,
                    PoolHandle.fromString("RayPoolBenchWarmUp"), pePolicy, 1, 1)) {
                warmUp.registerAll();
            }
            Thread.sleep(300);
            LiveHeap before = LiveHeap.of(reg.pid());
            PeRegistrations.Pass first = registrations.registerAll();
            LiveHeap after = LiveHeap.of(reg.pid());
            PeRegistrations.Pass again = registrations.registerAll();
            out.printf("%nregistration: %d PEs in pool '%s' (%s) over %d associations, one registration in flight "
                    + "per association%n", pes, pool, policy, registrationAssociations);
            printPass("new PEs (cold registrar JVM)", first);
            printPass("re-registration (update)", again);
            PeRegistrations tlsRegistrations = null;
            if (tls != null) {
                tlsRegistrations = new PeRegistrations(tls.address(), Transports.forName("tcp",
                        TransportOptions.DEFAULTS, null, TlsPolicy.connectingTo(tls.worker(), Role.REGISTRAR)),
                        pool, pePolicy, pes, registrationAssociations);
                printPass("new PEs over TLS", tlsRegistrations.registerAll());
                printPass("re-registration over TLS", tlsRegistrations.registerAll());
            }
            double perPe = (after.bytes() - before.bytes()) / (double) pes;
            out.printf("  heap per PE: %,.0f bytes  (live heap %,.1f KiB -> %,.1f KiB; jcmd GC.class_histogram, "
                    + "full GC before each count)%n", perPe, before.bytes() / 1024.0, after.bytes() / 1024.0);
            out.print("    largest growth per PE:");
            for (LiveHeap.Growth g : after.growthSince(before, 8)) {
                out.printf(" %s %.0f B (%.1f objs);", simpleName(g.className()), g.bytes() / (double) pes,
                        g.instances() / (double) pes);
            }
            out.println();

            // ---- handle resolutions
            HandleResolution request = items == 0 ? HandleResolution.of(pool) : HandleResolution.of(pool, items);
            byte[] requestBytes = AsapCodec.INSTANCE.encode(request);
            int expectedItems = (int) Math.min(Math.min(items == 0 ? 3 : items, 128), pes);
            out.printf("%nhandle resolution: %d-byte request, %d PEs per answer; each client on its own TCP connection, "
                    + "%s; warm-up %s s, measured %s s%n", requestBytes.length, expectedItems,
                    outstanding == 1 ? "closed loop (1 request in flight)" : outstanding + " requests in flight",
                    fmt(warmup), fmt(duration));
            out.printf("%7s  %-9s %14s %8s %8s %8s %8s %8s %10s %10s  %s%n", "clients", "server", "resolutions/s",
                    "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "srv us/req", "cli us/req", "others");
            List<ClosedLoop.Result[]> results = new ArrayList<>();
            for (int n : clients) {
                ClosedLoop.Result r = ClosedLoop.run("registrar", registrarAddress, requestBytes,
                        AsapMessageType.HANDLE_RESOLUTION_RESPONSE.code(), frame -> checkResolution(frame, expectedItems),
                        n, outstanding, warm, window, reg::cpuNanos, null);
                printRow(r);
                ClosedLoop.Result e = null;
                if (echo != null) {
                    e = ClosedLoop.run("echo", echoAddress, requestBytes, AsapMessageType.HANDLE_RESOLUTION.code(),
                            RegistrarLoad::checkEcho, n, outstanding, warm, window, echo::cpuNanos, null);
                    printRow(e);
                    printRatio("reg/echo", r, e);
                }
                ClosedLoop.Result t = null;
                if (tls != null) {
                    t = ClosedLoop.run("reg-tls", tls.address(), requestBytes,
                            AsapMessageType.HANDLE_RESOLUTION_RESPONSE.code(),
                            frame -> checkResolution(frame, expectedItems), n, outstanding, warm, window,
                            tls.process()::cpuNanos, tls.user());
                    printRow(t);
                    printRatio("tls/tcp", t, r);
                }
                results.add(new ClosedLoop.Result[] {r, e, t});
            }
            out.printf("%nkeep-alives answered during the run: %d (the PEs stayed registered)%n",
                    registrations.keepAlivesAnswered()
                            + (tlsRegistrations == null ? 0 : tlsRegistrations.keepAlivesAnswered()));
            out.printf("target (>= %,.0f resolutions/s and p99 < %.0f ms):%n", TARGET_PER_SECOND, TARGET_P99_MILLIS);
            for (ClosedLoop.Result[] pair : results) {
                ClosedLoop.Result r = pair[0];
                boolean met = r.perSecond() >= TARGET_PER_SECOND && r.millis(99) < TARGET_P99_MILLIS;
                out.printf("  %2d clients: %s (%,.0f/s, p99 %.3f ms)%s%n", r.clients(), met ? "met" : "MISSED",
                        r.perSecond(), r.millis(99), pair[1] == null ? ""
                                : String.format("; echo ceiling %,.0f/s, p99 %.3f ms", pair[1].perSecond(),
                                pair[1].millis(99)));
            }
            if (tls != null) {
                out.printf("TLS target (p99 < %.0f ms; tls/tcp = the TLS registrar's figure over the plain one's, "
                        + "same run):%n", TARGET_TLS_P99_MILLIS);
                for (ClosedLoop.Result[] row : results) {
                    ClosedLoop.Result r = row[0];
                    ClosedLoop.Result t = row[2];
                    out.printf("  %2d clients: %s (%,.0f/s, p50 %.3f ms, p99 %.3f ms); tls/tcp throughput %.1f%%, "
                            + "p50 %.2fx, p99 %.2fx%n", t.clients(), t.millis(99) < TARGET_TLS_P99_MILLIS ? "met"
                            : "MISSED", t.perSecond(), t.millis(50), t.millis(99), 100 * t.perSecond() / r.perSecond(),
                            t.millis(50) / r.millis(50), t.millis(99) / r.millis(99));
                }
            }
            if (tlsRegistrations != null) tlsRegistrations.close();
            out.printf("load average at the end: %s (this run's own threads count too; 'others' above is the CPU "
                    + "used by other processes during each window)%n", MachineCpu.loadAverage());
        }
    }

    private static void checkResolution(java.nio.ByteBuffer frame, int expectedItems) throws Exception {
        AsapMessage m = AsapCodec.INSTANCE.decode(frame);
        if (!(m instanceof HandleResolutionResponse r) || r.error().isPresent()
                || r.poolElements().size() != expectedItems) {
            throw new IOException("expected a Handle Resolution Response with " + expectedItems + " PEs, got " + m);
        }
    }

    private static void checkEcho(java.nio.ByteBuffer frame) throws Exception {
        if (!(AsapCodec.INSTANCE.decode(frame) instanceof HandleResolution)) {
            throw new IOException("the echo server did not echo the Handle Resolution");
        }
    }

    private void printPass(String what, PeRegistrations.Pass pass) {
        out.printf("  %-30s %,9.0f registrations/s  (%d in %.3f s; latency p50 %.3f ms, p99 %.3f ms, max %.3f ms)%n",
                what + ":", pass.perSecond(), pass.registrations(), pass.nanos() / 1e9,
                pass.latency().getValueAtPercentile(50) / 1e6, pass.latency().getValueAtPercentile(99) / 1e6,
                pass.latency().getMaxValue() / 1e6);
    }

    private void printRow(ClosedLoop.Result r) {
        out.printf("%7d  %-9s %,14.0f %8.3f %8.3f %8.3f %8.3f %8.3f %10.1f %10.1f  %.2f CPUs%n", r.clients(),
                r.target(), r.perSecond(), r.millis(50), r.millis(90), r.millis(99), r.millis(99.9), r.maxMillis(),
                r.serverCpuMicrosPerRequest(), r.clientCpuMicrosPerRequest(), r.otherCpus());
    }

    /** {@code r} as a ratio of {@code e}: throughput in percent, latencies and server CPU as multiples. */
    private void printRatio(String label, ClosedLoop.Result r, ClosedLoop.Result e) {
        out.printf("%7s  %-9s %13.1f%% %7.1fx %7.1fx %7.1fx %7.1fx %7.1fx %9.1fx%n", "", label,
                100 * r.perSecond() / e.perSecond(), r.millis(50) / e.millis(50), r.millis(90) / e.millis(90),
                r.millis(99) / e.millis(99), r.millis(99.9) / e.millis(99.9), r.maxMillis() / e.maxMillis(),
                r.serverCpuMicrosPerRequest() / e.serverCpuMicrosPerRequest());
    }

    /** The registrar of an authenticated farm and the credentials of its clients. */
    private record TlsRegistrar(ServerProcess process, InetSocketAddress address, Credentials worker,
                                Credentials user) {}

    /**
     * A farm CA made for this run (in the work dir), the registrar's credentials written for {@code --credentials},
     * a worker's and a user's kept in memory; the registrar started as the plain one, with them.
     */
    private TlsRegistrar startTlsRegistrar() throws Exception {
        Instant now = Instant.now().minusSeconds(60);
        Duration validity = Duration.ofDays(1);
        CertificateAuthority ca = CertificateAuthority.create("registrar-load", now, validity);
        Path credentials = workDir.resolve("credentials-registrar");
        ca.write(ca.issue(Role.REGISTRAR, "registrar", now, validity), credentials);
        int port = freePort();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ServerProcess p = start("registrar-tls", List.of(registrar.toString(), "--transport", "tcp", "--asap",
                "127.0.0.1:" + port, "--min-address-scope", "loopback", "--asap-announce", "off", "--enrp",
                "127.0.0.1:0", "--enrp-announce", "off", "--id", "0x52415943", "--credentials",
                credentials.toString()), Map.of("JAVA_OPTS", serverJavaOpts));
        // a plain connect: the registrar logs one "not TLS" line for it
        p.awaitListening(address, Duration.ofSeconds(30));
        return new TlsRegistrar(p, address, ca.credentials(ca.issue(Role.WORKER, "bench-pe", now, validity)),
                ca.credentials(ca.issue(Role.USER, "bench-client", now, validity)));
    }

    private ServerProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        ServerProcess p = ServerProcess.start(name, command, env, workDir.resolve(name + ".log"), pidFile);
        synchronized (servers) {
            servers.add(p);
        }
        return p;
    }

    private void stopServers() {
        List<ServerProcess> copy;
        synchronized (servers) {
            copy = new ArrayList<>(servers);
            servers.clear();
        }
        for (ServerProcess p : copy) p.close();
    }

    /** Ends the run (and, through the shutdown hook, the servers) if it takes far longer than planned. */
    private void startWatchdog(Duration warm, Duration window) {
        long perRun = warm.plus(window).toMillis() + 2_000;
        long limit = 120_000 + perRun * clients.length * (1 + (noEcho ? 0 : 1) + (noTls ? 0 : 1));
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit);
                System.err.printf("registrar-load: still running after %d s; giving up%n", limit / 1000);
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    private static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
