package org.raypool.submit.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.UnknownPoolException;
import org.raypool.testing.Await;
import org.raypool.testing.Programs;
import org.raypool.transport.Transports;

/** Starts the repository's launchers (bin/farm-*) as processes, with their output in files. */
public final class Processes implements AutoCloseable {
    private final Path logs;
    private final List<String> prefix;
    private final List<Started> started = new ArrayList<>();

    /** A started program; a service started by {@link #service} also has a ready file. */
    public record Started(String name, Process process, Path stdout, Path stderr, Path readyFile) {
        public String out() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        public String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Waits for the process to end; returns its exit code. */
        public int await(Duration timeout) throws InterruptedException, IOException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish within " + timeout + "\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            return process.exitValue();
        }

        /** Whether the service serves now: its ready file is there. */
        public boolean isReady() {
            return readyFile != null && Files.exists(readyFile);
        }

        /** Waits until the service is ready (a worker: registered) and returns its ready file; fails if it ends first. */
        public Programs.Ready awaitReady() throws IOException, InterruptedException {
            Await.until(name + "'s ready file", Programs.READY_TIMEOUT, () -> {
                if (!isReady() && !process.isAlive()) {
                    throw new AssertionError(name + " ended with " + process.exitValue() + " before it was ready: " + err());
                }
                return isReady();
            });
            return ready();
        }

        /** The ready file as it is now. */
        public Programs.Ready ready() throws IOException {
            return new Programs.Ready(Files.readString(readyFile, StandardCharsets.UTF_8).trim());
        }
    }

    public Processes(Path logs) {
        this(logs, List.of());
    }

    /** Every program started through {@code prefix}, e.g. {@code ip netns exec NS} to run it in a namespace. */
    public Processes(Path logs, List<String> prefix) {
        this.logs = logs;
        this.prefix = List.copyOf(prefix);
    }

    public static Path repo() {
        return Programs.repo();
    }

    public static boolean jarExists(String program) {
        return Files.isRegularFile(repo().resolve(program).resolve("target").resolve(program + ".jar"));
    }

    public Started start(String program, String... args) throws IOException {
        return start(java.util.Map.of(), program, args);
    }

    /** bin/{@code program} with {@code environment} added to this JVM's. */
    public Started start(java.util.Map<String, String> environment, String program, String... args)
            throws IOException {
        return start(environment, false, program, args);
    }

    /**
     * The service bin/{@code program} (farm-registrar, farm-worker) with {@code --ready-file}; does not wait: see
     * {@link Started#awaitReady()}, so that services may start side by side.
     */
    public Started service(String program, String... args) throws IOException {
        return service(java.util.Map.of(), program, args);
    }

    /** {@link #service(String, String...)} with {@code environment} added to this JVM's. */
    public Started service(java.util.Map<String, String> environment, String program, String... args)
            throws IOException {
        return start(environment, true, program, args);
    }

    private Started start(java.util.Map<String, String> environment, boolean service, String program, String... args)
            throws IOException {
        String name = program + "-" + started.size();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Path ready = service ? logs.resolve(name + ".ready.json") : null;
        List<String> command = new ArrayList<>(prefix);
        command.addAll(Programs.command(program, args));
        if (service) command.addAll(List.of("--ready-file", ready.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process p = builder.start();
        Started s = new Started(name, p, out, err, ready);
        started.add(s);
        return s;
    }

    /** A TCP port nobody listens on right now: for a registrar that is not there. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * bin/farm-registrar on 127.0.0.1:{@code port} (0: the system's choice) over TCP, loopback addresses accepted, no
     * announces, ENRP on a port of the system's choice unless {@code extra} names one, {@code extra} options after
     * those; waits until it is ready. Its ports: {@code ready().port("asap")}, {@code ready().port("enrp")}.
     */
    public Started registrar(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--asap", "127.0.0.1:" + port, "--transport", "tcp",
                "--min-address-scope", "loopback", "--asap-announce", "off"));
        // ENRP on a port of its own and without multicast, so that it never peers with another test's registrars
        if (!List.of(extra).contains("--enrp")) args.addAll(List.of("--enrp", "127.0.0.1:0", "--enrp-announce", "off"));
        args.addAll(List.of(extra));
        Started r = service("farm-registrar", args.toArray(String[]::new));
        r.awaitReady();
        return r;
    }

    /** Waits until the registrar on 127.0.0.1:{@code port} knows {@code n} workers; fails if one of {@code workers} ends. */
    public static void awaitWorkers(int port, int n, List<Started> workers) throws Exception {
        AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1", port))));
        try (HandleResolver resolver = new HandleResolver(asap, Transports.forName("tcp"), Duration.ZERO)) {
            Await.until(n + " workers registered at 127.0.0.1:" + port, Duration.ofSeconds(90), () -> {
                for (Started w : workers) {
                    if (!w.process().isAlive()) throw new AssertionError(w.name() + " ended: " + w.err());
                }
                try {
                    return resolver.resolve(Farm.POOL, 16, Duration.ofSeconds(5)).size();
                } catch (UnknownPoolException e) {
                    return 0;
                }
            }, found -> found >= n);
        }
    }

    /** SIGINT, as Ctrl-C in a terminal. */
    public static void interrupt(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGKILL, as kill -9: no shutdown hook, no clean-up. */
    public static void kill9(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (Started s : started) {
            s.process().descendants().forEach(ProcessHandle::destroyForcibly);
            s.process().destroy();
        }
        for (Started s : started) {
            try {
                if (!s.process().waitFor(10, TimeUnit.SECONDS)) s.process().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops every process, then copies their logs into {@code keep}, for the post-mortem of a failed run. */
    public void closeKeepingLogs(Path keep) throws IOException {
        close();
        Files.createDirectories(keep);
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
