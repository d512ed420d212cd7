package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ./ssrun output.data <env|""> <keyring|""> <trustdb|"">} in a session directory
 * (docs/protocol/scripting-service.md §5.3 step 4) with Apache Commons Exec, confined by a {@link Sandbox} and limited
 * by {@link JobLimits}.
 *
 * <p>The command is {@code setsid [setpriv …] [bwrap …] [prlimit …] ./ssrun …}: setsid makes the job its own
 * process group so the whole tree can be killed, setpriv drops root, bwrap confines, prlimit sets the rlimits
 * last so that they bind ssrun and not the sandbox set-up. ssrun gets no stdin and a small fixed environment
 * (PATH, HOME = the session directory, TMPDIR=/tmp, LANG, and the worker's RAYPOOL_POVRAY if set), not the
 * worker's.
 *
 * <p>Thread-safe; one instance serves all sessions of a worker.
 */
public final class ScriptRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    /** How often the session directory's size is checked against {@link JobLimits#maxDiskBytes()}. */
    static final long DISK_CHECK_MILLIS = 500;
    static final String JOB_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Sandbox sandbox;
    private final JobLimits limits;
    private final ScheduledExecutorService timer;
    private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();

    public ScriptRunner(Sandbox sandbox, JobLimits limits) {
        this.sandbox = sandbox;
        this.limits = limits;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raypool-job-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public JobLimits limits() {
        return limits;
    }

    /**
     * Starts ssrun. Returns as soon as the process runs; the result comes through the returned job.
     *
     * @throws IOException the session directory has no ssrun, cannot be handed to the job user, or the process
     *                     could not be started (a worker problem, not a job failure)
     */
    public RunningJob start(JobSpec spec) throws IOException {
        Path dir = spec.sessionDir().toRealPath();
        if (!Files.isRegularFile(dir.resolve(SessionFiles.SSRUN), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("session " + spec.sessionId() + ": no ssrun in " + dir + " (unpack first)");
        }
        sandbox.prepare(dir);
        List<String> inner = new ArrayList<>(rlimitPrefix());
        inner.addAll(spec.ssrunCommand());
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(sandbox.command(dir, inner));
        RunningJob job = new RunningJob(spec, dir);
        job.launch(command, environment(dir));
        running.add(job);
        log.info("session {}: started ssrun (pid {}, sandbox {}, limits: {})", spec.sessionId(), job.pid(), sandbox,
                limits);
        ScheduledFuture<?> deadline = limits.maxJobTime().isZero() ? null
                : timer.schedule(() -> job.timeOut(limits.maxJobTime()), limits.maxJobTime().toNanos(),
                        TimeUnit.NANOSECONDS);
        ScheduledFuture<?> disk = limits.maxDiskBytes() == 0 ? null
                : timer.scheduleWithFixedDelay(() -> checkDisk(job, dir), DISK_CHECK_MILLIS, DISK_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
        job.completion().whenComplete((result, failure) -> {
            running.remove(job);
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (disk != null) {
                disk.cancel(false);
            }
        });
        return job;
    }

    private void checkDisk(RunningJob job, Path dir) {
        long used = DiskWatch.bytesUsed(dir);
        if (used > limits.maxDiskBytes()) {
            job.diskLimit(limits.maxDiskBytes(), used);
        }
    }

    /** Jobs started and not yet ended. */
    public int runningJobs() {
        return running.size();
    }

    /** Kills every running job's process tree and stops the timer. */
    @Override
    public void close() {
        for (RunningJob job : List.copyOf(running)) {
            job.kill();
        }
        timer.shutdownNow();
    }

    private List<String> rlimitPrefix() {
        if (!limits.hasRlimits()) {
            return List.of();
        }
        List<String> prefix = new ArrayList<>(List.of("prlimit"));
        if (limits.maxProcesses() > 0 && sandbox.mode() != SandboxMode.NONE) {
            // inside the sandbox's user namespace RLIMIT_NPROC counts this session's processes only
            prefix.add("--nproc=" + limits.maxProcesses());
        }
        if (!limits.maxCpuTime().isZero()) {
            prefix.add("--cpu=" + limits.maxCpuTime().toSeconds());
        }
        if (limits.maxAddressSpaceBytes() > 0) {
            prefix.add("--as=" + limits.maxAddressSpaceBytes());
        }
        if (limits.maxFileSizeBytes() > 0) {
            prefix.add("--fsize=" + limits.maxFileSizeBytes());
        }
        if (prefix.size() == 1) {
            return List.of();
        }
        prefix.add("--");
        return prefix;
    }

    static Map<String, String> environment(Path sessionDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", JOB_PATH);
        env.put("HOME", sessionDir.toString());
        env.put("TMPDIR", "/tmp");
        String lang = System.getenv("LANG");
        env.put("LANG", lang == null || lang.isBlank() ? "C.UTF-8" : lang);
        povrayOverride().ifPresent(povray -> env.put(SelfCheck.POVRAY_VARIABLE, povray));
        return env;
    }

    /** The worker's {@code RAYPOOL_POVRAY}, which jobs get too: ssrun runs that program instead of povray. */
    static Optional<String> povrayOverride() {
        return Optional.ofNullable(System.getenv(SelfCheck.POVRAY_VARIABLE)).filter(v -> !v.isBlank());
    }
}
