package org.raypool.submit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import org.raypool.testing.Programs;
import org.raypool.transport.Transports;

/** Starts the repository's launchers (bin/farm-*) as processes, with their output in files. */
public final class Processes implements AutoCloseable {
    private final Path logs;
    private final List<Started> started = new ArrayList<>();

    public record Started(String name, Process process, Path stdout, Path stderr) {
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
    }

    public Processes(Path logs) {
        this.logs = logs;
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
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        String name = program + "-" + started.size();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process p = builder.start();
        Started s = new Started(name, p, out, err);
        started.add(s);
        return s;
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * bin/farm-registrar on 127.0.0.1:port over TCP, loopback addresses accepted, no announces, ENRP on a random port unless {@code extra} names one, {@code extra} options
     * after those; waits until it listens.
     */
    public Started registrar(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--asap", "127.0.0.1:" + port, "--transport", "tcp",
                "--min-address-scope", "loopback", "--asap-announce", "off"));
        // ENRP on a port of its own and without multicast, so that it never peers with another test's registrars
        if (!List.of(extra).contains("--enrp")) args.addAll(List.of("--enrp", "127.0.0.1:0", "--enrp-announce", "off"));
        args.addAll(List.of(extra));
        Started r = start("farm-registrar", args.toArray(String[]::new));
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(r.process().isAlive(), "farm-registrar ended: " + r.err());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return r;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("farm-registrar does not listen on " + port + ": " + r.err());
    }

    /** Waits until the registrar on 127.0.0.1:{@code port} knows {@code n} workers; fails if one of {@code workers} ends. */
    public static void awaitWorkers(int port, int n, List<Started> workers) throws Exception {
        AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1", port))));
        long deadline = System.currentTimeMillis() + 90_000;
        int found = 0;
        try (HandleResolver resolver = new HandleResolver(asap, Transports.forName("tcp"), Duration.ZERO)) {
            while (System.currentTimeMillis() < deadline) {
                for (Started w : workers) assertTrue(w.process().isAlive(), w.name() + " ended: " + w.err());
                try {
                    found = resolver.resolve(Farm.POOL, 16, Duration.ofSeconds(5)).size();
                    if (found >= n) return;
                } catch (UnknownPoolException e) {
                    found = 0;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("only " + found + " of " + n + " workers registered");
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
}
