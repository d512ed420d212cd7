package org.raypool.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM: started with a command line, its output in a log file, its pid appended
 * to a pid file (so the calling script can clean up even if this JVM dies), stopped with SIGTERM and, after
 * five seconds, SIGKILL.
 */
final class ServerProcess implements AutoCloseable {
    final String name;
    final Process process;
    final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path log,
                               Path pidFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (pidFile != null) {
            Files.writeString(pidFile, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return new ServerProcess(name, p, log);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time of all the process's threads so far, nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Waits until the server accepts TCP connections on {@code address}. */
    void awaitListening(InetSocketAddress address, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
            try (Socket s = new Socket()) {
                s.connect(address, 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " is not listening on " + address + " after " + timeout + "; see " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Waits for a line of the server's log that starts with {@code prefix} and returns the rest of it. */
    String awaitLogLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(prefix)) return line.substring(prefix.length());
                }
            }
            Thread.sleep(50);
        }
        throw new IOException(name + " did not print '" + prefix + "' within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
