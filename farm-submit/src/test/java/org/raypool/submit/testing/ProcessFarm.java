package org.raypool.submit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The farm as processes, for the end-to-end tests with the real POV-Ray: bin/farm-registrar and {@code n}
 * bin/farm-worker with one session each over TCP on loopback, each awaited by its ready file, and farm-submit run
 * either in this JVM ({@link #submit}) or as bin/farm-submit ({@link #start}) with short retry and keep-alive
 * timers and {@code --json}.
 */
public final class ProcessFarm implements AutoCloseable {
    public final Processes processes;
    public final int port;
    public final List<Processes.Started> workers;

    private ProcessFarm(Processes processes, int port, List<Processes.Started> workers) {
        this.processes = processes;
        this.port = port;
        this.workers = List.copyOf(workers);
    }

    /** Starts the registrar and {@code n} workers with their logs in {@code logs}; returns once all are ready. */
    public static ProcessFarm start(Path logs, int n) throws Exception {
        assertTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar")
                && Processes.jarExists("farm-submit"), "these tests run bin/farm-*: build the jars first "
                        + "(mvn -B -q package -DskipTests)");
        Processes processes = new Processes(Files.createDirectories(logs));
        try {
            int port = processes.registrar(0).ready().port("asap");
            List<Processes.Started> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                workers.add(processes.service("farm-worker", "--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                        "--max-sessions", "1"));
            }
            for (Processes.Started w : workers) w.awaitReady();
            return new ProcessFarm(processes, port, workers);
        } catch (Exception | Error e) {
            processes.close();
            throw e;
        }
    }

    /** farm-submit's arguments: this farm, {@code output}, short timers, --json, then {@code args}. */
    public String[] args(Path output, String... args) {
        List<String> a = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                "--output", output.toString(), "--retry-delay", "500", "--keep-alive-interval", "1000",
                "--keep-alive-timeout", "1000", "--json"));
        a.addAll(List.of(args));
        return a.toArray(String[]::new);
    }

    /** What farm-submit printed, its exit code and how long it took. */
    public record Submitted(int exitCode, String stdout, String stderr, double seconds) {
        public SubmitJson json() {
            return SubmitJson.parse(stdout);
        }

        @Override
        public String toString() {
            return "farm-submit exit code " + exitCode + " after " + seconds + " s\nstdout:\n" + stdout
                    + "\nstderr:\n" + stderr;
        }
    }

    /** farm-submit in this JVM against this farm. */
    public Submitted submit(Path output, String... args) {
        long start = System.nanoTime();
        Farm.Run run = Farm.submit(args(output, args));
        return new Submitted(run.exitCode(), run.stdout(), run.stderr(), (System.nanoTime() - start) / 1e9);
    }

    /** bin/farm-submit as a process against this farm; does not wait. */
    public Processes.Started start(Path output, String... args) throws Exception {
        return processes.start("farm-submit", args(output, args));
    }

    /** The worker running POV-Ray now, if any, and how many POV-Ray processes it runs. */
    public Optional<Processes.Started> workerRenderingNow() {
        return workers.stream().filter(w -> w.process().isAlive() && povrayRuns(w) > 0).findFirst();
    }

    public static long povrayRuns(Processes.Started worker) {
        return worker.process().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("povray")).count();
    }

    /** SIGKILL to {@code worker} and to what it started (ssrun, POV-Ray), as when its machine dies. */
    public static void kill9(Processes.Started worker) throws Exception {
        List<ProcessHandle> orphans = worker.process().descendants().toList();
        Processes.kill9(worker.process());
        orphans.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        processes.close();
    }
}
