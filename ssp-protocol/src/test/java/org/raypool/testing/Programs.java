package org.raypool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the repository's launchers (bin/farm-*) as a user would, for process-level tests. */
public final class Programs {
    /** How long a service may take to get ready: generous, a loaded test machine starts JVMs slowly. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

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

    /** A service's ready file (--ready-file): one JSON object with the program, its pid and the ports it bound. */
    public record Ready(String json) {
        /** The number {@code name} holds, e.g. port("asap"); fails naming the file's content if it has none. */
        public int port(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(json);
            if (!m.find()) throw new AssertionError("no port '" + name + "' in the ready file: " + json);
            return Integer.parseInt(m.group(1));
        }
    }

    /** A program started in the background; its standard output and error go to one log file. */
    public static final class Running implements AutoCloseable {
        private final String program;
        private final Process process;
        private final Path log;
        private final Path readyFile;

        Running(String program, Process process, Path log, Path readyFile) {
            this.program = program;
            this.process = process;
            this.log = log;
            this.readyFile = readyFile;
        }

        public Process process() {
            return process;
        }

        public String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits until the log contains {@code text}; fails with the log if the program exits or time runs out. */
        public void awaitLog(String text, long timeoutSeconds) throws IOException, InterruptedException {
            String seen = Await.until("'" + text + "' in the log of " + program, Duration.ofSeconds(timeoutSeconds),
                    this::log, l -> l.contains(text) || !process.isAlive());
            if (!seen.contains(text) && !log().contains(text)) {
                throw new AssertionError(program + " exited with " + process.exitValue() + " before logging '" + text
                        + "':\n" + log());
            }
        }

        /**
         * Waits until the program's ready file appears (it serves) and returns it; fails with the log if the program
         * exits first or time runs out.
         */
        public Ready awaitReady(Duration timeout) throws IOException, InterruptedException {
            if (readyFile == null) throw new IllegalStateException(program + " was started without a ready file");
            Await.until(program + "'s ready file " + readyFile, timeout,
                    () -> Files.exists(readyFile) || !process.isAlive());
            if (!Files.exists(readyFile)) {
                throw new AssertionError(program + " exited with " + process.exitValue() + " before it was ready:\n"
                        + log());
            }
            return ready();
        }

        /** The ready file as it is now; fails if there is none. */
        public Ready ready() throws IOException {
            return new Ready(Files.readString(readyFile, StandardCharsets.UTF_8).trim());
        }

        /** Whether the ready file is there (a service removes it when it stops). */
        public boolean isReady() {
            return readyFile != null && Files.exists(readyFile);
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
            if (readyFile != null) {
                Files.deleteIfExists(readyFile);
                Files.deleteIfExists(readyFile.getParent());
            }
        }
    }

    /** Starts bin/{@code program} in the background. */
    public static Running start(String program, String... args) throws IOException {
        return start(Map.of(), program, args);
    }

    /** Starts bin/{@code program} in the background with {@code environment} added to this JVM's. */
    public static Running start(Map<String, String> environment, String program, String... args) throws IOException {
        return start(environment, null, program, args);
    }

    /**
     * Starts the service bin/{@code program} with {@code --ready-file} and waits until it is ready: its endpoints
     * are bound (a worker is registered), so it may be started on port 0 and asked for its ports with
     * {@link Running#ready()}.
     */
    public static Running startReady(String program, String... args) throws IOException, InterruptedException {
        Path readyFile = Files.createTempDirectory("raypool-" + program).resolve("ready.json");
        List<String> withReadyFile = new ArrayList<>(List.of(args));
        withReadyFile.addAll(List.of("--ready-file", readyFile.toString()));
        Running running = start(Map.of(), readyFile, program, withReadyFile.toArray(String[]::new));
        try {
            running.awaitReady(READY_TIMEOUT);
        } catch (AssertionError | IOException | InterruptedException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private static Running start(Map<String, String> environment, Path readyFile, String program, String... args)
            throws IOException {
        List<String> command = command(program, args);
        Path log = Files.createTempFile("raypool-" + program, ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new Running(program, builder.start(), log, readyFile);
    }

    /**
     * The command line that runs bin/{@code program} as a user at a terminal would: with SIGINT at its default
     * disposition. A shell without job control (CI, a script's {@code cmd &}) starts background commands with SIGINT
     * ignored, every descendant inherits that, and a JVM started so never sees Ctrl-C; the tests that send SIGINT
     * must not depend on how the suite was started. {@code env --default-signal} is GNU coreutils 8.31+.
     */
    public static List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                repo().resolve("bin").resolve(program).toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs bin/{@code program} with {@code args} to completion, or fails after {@code timeoutSeconds}. */
    public static Result run(String program, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = command(program, args);
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
