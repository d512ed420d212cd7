package org.raypool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the repository's launchers (bin/farm-*) as a user would, for process-level tests. */
public final class Programs {
    private Programs() {}

    /** The repository root: the system property Maven sets, else the nearest folder above with bin/. */
    public static Path repo() {
        String configured = System.getProperty("raypool.repo");
        if (configured != null && Files.isDirectory(Paths.get(configured, "bin"))) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/raypool-launcher"))) return p;
        }
        throw new IllegalStateException("cannot find the RayPool repository above " + Paths.get("").toAbsolutePath());
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    /** A program started in the background; its standard output and error go to one log file. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path log;

        Running(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        public Process process() {
            return process;
        }

        public String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits until the log contains {@code text}; fails with the log if the program exits or time runs out. */
        public void awaitLog(String text, long timeoutSeconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!log().contains(text)) {
                if (!process.isAlive()) throw new AssertionError("exited with " + process.exitValue() + ":\n" + log());
                if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in the log:\n" + log());
                Thread.sleep(50);
            }
        }

        /** kill -9 of the program and every process it started. */
        public void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** SIGTERM, then waits for the exit code. */
        public int terminate(long timeoutSeconds) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError("did not stop within " + timeoutSeconds + " s of SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) kill();
            Files.deleteIfExists(log);
        }
    }

    /** Starts bin/{@code program} in the background. */
    public static Running start(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("raypool-" + program, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running(process, log);
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs bin/{@code program} with {@code args} to completion, or fails after {@code timeoutSeconds}. */
    public static Result run(String program, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("raypool-" + program, ".out");
        Path err = Files.createTempFile("raypool-" + program, ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(program + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
