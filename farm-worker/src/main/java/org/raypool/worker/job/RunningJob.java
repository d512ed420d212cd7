package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started job. The session layer polls it once per processing tick ({@link #poll()}), or waits on
 * {@link #completion()}, and kills it when the session ends early ({@link #kill()}).
 */
public final class RunningJob {
    private static final Logger log = LoggerFactory.getLogger(RunningJob.class);
    private static final int TAIL_LINES = 40;
    private static final int MAX_LOGGED_LINES = 10_000;
    private static final Duration STREAM_STOP_TIMEOUT = Duration.ofSeconds(2);

    private final JobSpec spec;
    private final Path sessionDir;
    private final OutputCapture output;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();
    private final AtomicReference<JobOutcome> killedAs = new AtomicReference<>();
    private volatile Process process;
    private long startNanos;

    RunningJob(JobSpec spec, Path sessionDir) {
        this.spec = spec;
        this.sessionDir = sessionDir;
        this.output = new OutputCapture(spec.sessionId(), TAIL_LINES, MAX_LOGGED_LINES);
    }

    /** Runs Commons Exec asynchronously and returns once the process exists (or failed to). */
    void launch(List<String> command, Map<String, String> environment) throws IOException {
        CommandLine line = new CommandLine(command.get(0));
        for (String argument : command.subList(1, command.size())) {
            line.addArgument(argument, false);
        }
        JobExecutor executor = new JobExecutor(sessionDir);
        executor.setExitValues(null);
        executor.setProcessDestroyer(ProcessTreeDestroyer.INSTANCE);
        PumpStreamHandler streams = new PumpStreamHandler(output.stream("stdout"), output.stream("stderr")) {
            @Override
            public void stop() throws IOException {
                // ssrun has exited: whatever it left running in its group goes too (as scriptingcontrol's
                // cleanup does), which also closes the pipes the pumps are waiting on.
                Process p = process;
                if (p != null) {
                    ProcessTree.killGroup(p.pid());
                }
                super.stop();
            }
        };
        streams.setStopTimeout(STREAM_STOP_TIMEOUT);
        executor.setStreamHandler(streams);
        startNanos = System.nanoTime();
        executor.execute(line, environment, new ExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                finish(exitValue, null);
            }

            @Override
            public void onProcessFailed(ExecuteException e) {
                finish(-1, e);
            }
        });
        try {
            executor.launched.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("could not start ssrun: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("ssrun did not start within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting ssrun", e);
        }
    }

    public String sessionId() {
        return spec.sessionId();
    }

    /** The pid of the started process (setsid), which is also the job's process group id. */
    public long pid() {
        return process.pid();
    }

    public boolean isDone() {
        return completion.isDone();
    }

    /** The result if the job has ended, without waiting. */
    public Optional<JobResult> poll() {
        return Optional.ofNullable(completion.getNow(null));
    }

    /** Waits for the end of the job. */
    public JobResult await() throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits at most {@code timeout} for the end of the job. */
    public Optional<JobResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Completes (on a worker thread) when the job has ended and its process tree is gone. */
    public CompletableFuture<JobResult> completion() {
        return completion.thenApply(r -> r);
    }

    /** Kills the whole process tree; the result says {@link JobOutcome#KILLED}. Idempotent. */
    public void kill() {
        terminate(JobOutcome.KILLED, "killing the process tree on request");
    }

    void timeOut(Duration limit) {
        terminate(JobOutcome.TIMED_OUT, "wall-clock limit of " + limit.toMillis() + " ms reached, killing the process tree");
    }

    void diskLimit(long limit, long used) {
        terminate(JobOutcome.DISK_LIMIT, "the session directory holds " + used + " bytes, more than the disk limit of "
                + limit + " bytes (--max-session-disk), killing the process tree");
    }

    private void terminate(JobOutcome as, String why) {
        Process p = process;
        if (p == null || completion.isDone() || !killedAs.compareAndSet(null, as)) {
            return;
        }
        log.info("session {}: {}", spec.sessionId(), why);
        ProcessTree.kill(p);
    }

    private void finish(int exitValue, ExecuteException failure) {
        Process p = process;
        if (p == null) {
            // Launch itself failed; launch() reports it through the executor's future.
            return;
        }
        int exitCode = exitValue;
        if (exitCode < 0) {
            try {
                exitCode = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.warn("session {}: collecting ssrun's output failed: {}", spec.sessionId(),
                    failure == null ? "" : failure.getMessage());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Path outputFile = sessionDir.resolve(SessionFiles.OUTPUT);
        boolean hasOutput = Files.isRegularFile(outputFile, LinkOption.NOFOLLOW_LINKS);
        if (!hasOutput && Files.isSymbolicLink(outputFile)) {
            log.warn("session {}: output.data is a symbolic link; it is not sent", spec.sessionId());
        }
        JobOutcome outcome = killedAs.get();
        if (outcome == null) {
            outcome = exitCode != 0 ? JobOutcome.FAILED : hasOutput ? JobOutcome.SUCCEEDED : JobOutcome.NO_OUTPUT;
        }
        JobResult result = new JobResult(spec.sessionId(), outcome, exitCode, elapsed, outputFile, hasOutput,
                output.tail());
        log.info("session {}: {}", spec.sessionId(), result.summary());
        completion.complete(result);
    }

    /** Commons Exec executor that hands out the started {@link Process}, needed for pid and tree kill. */
    private final class JobExecutor extends DefaultExecutor {
        final CompletableFuture<Process> launched = new CompletableFuture<>();

        @SuppressWarnings("deprecation") // the builder offers no way to subclass; the no-arg constructor does
        JobExecutor(Path workingDirectory) {
            super();
            setWorkingDirectory(workingDirectory.toFile());
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path dir) throws IOException {
            try {
                Process p = super.launch(command, env, dir);
                process = p;
                launched.complete(p);
                return p;
            } catch (IOException | RuntimeException e) {
                launched.completeExceptionally(e);
                throw e;
            }
        }
    }
}
