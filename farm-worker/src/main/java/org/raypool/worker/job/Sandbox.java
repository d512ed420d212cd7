package org.raypool.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resolved sandbox: what {@link SandboxConfig} asked for, checked against what this machine can do.
 *
 * <p>With bubblewrap a job runs in new user, network, PID, IPC, UTS and cgroup namespaces: no network at all (its
 * own loopback only), the whole system read-only, a fresh /dev and /proc, private size-limited tmpfs on /tmp,
 * /var/tmp and /dev/shm, empty read-only tmpfs over /home, /root, /run, the directory holding the session
 * directories and every configured hidden path (so other sessions, the cache and the worker's files are invisible),
 * and only its own session directory bound writable and made the working directory. bwrap sets no-new-privs and drops all capabilities; {@code --die-with-parent} ties
 * the sandbox to the worker.
 *
 * <p>A worker running as root runs jobs as {@link SandboxConfig#jobUser()} (via util-linux {@code setpriv}), in
 * both modes: bubblewrap started by root would keep nearly all capabilities inside the sandbox, and uid 0 can read
 * root's 0600 files even without them. Session directories are handed to that user before the job starts.
 */
public final class Sandbox {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final AtomicBoolean warnedUnsandboxed = new AtomicBoolean();
    private static final Map<String, ProbeResult> probes = new ConcurrentHashMap<>();
    private static final long HIDING_TMPFS_BYTES = 64 << 10;
    private static final List<String> ALWAYS_HIDDEN = List.of("/home", "/root", "/run");
    private static final List<String> PRIVATE_TMPFS = List.of("/tmp", "/var/tmp", "/dev/shm");

    private record ProbeResult(boolean works, String problem, boolean disableUserns, boolean tmpfsSize) {
    }

    private final SandboxConfig config;
    private final SandboxMode mode;
    private final Optional<JobUser> dropTo;
    private final boolean disableUserns;
    private final boolean tmpfsSize;

    private Sandbox(SandboxConfig config, SandboxMode mode, Optional<JobUser> dropTo, boolean disableUserns,
            boolean tmpfsSize) {
        this.config = config;
        this.mode = mode;
        this.dropTo = dropTo;
        this.disableUserns = disableUserns;
        this.tmpfsSize = tmpfsSize;
    }

    /**
     * Decides once, at worker start, how jobs run. {@code auto} probes bubblewrap (by running the exact sandbox
     * a job would get around {@code true}) and falls back to no sandbox with one warning; {@code bwrap} fails with
     * the cause and the fix instead.
     */
    public static Sandbox resolve(SandboxConfig config) throws SandboxUnavailableException {
        Optional<JobUser> dropTo = workerIsRoot() ? Optional.of(config.jobUser()) : Optional.empty();
        if (dropTo.isPresent() && !commandWorks(List.of("setpriv", "--version"))) {
            throw new SandboxUnavailableException("the worker runs as root and needs setpriv (util-linux) to run jobs as "
                    + config.jobUser() + ": install util-linux, or run the worker as an unprivileged user");
        }
        if (config.mode() == SandboxMode.NONE) {
            log.info("sandbox: none (--sandbox none){}", dropTo.map(u -> "; jobs run as " + u).orElse(""));
            return new Sandbox(config, SandboxMode.NONE, dropTo, false, false);
        }
        ProbeResult probe = probes.computeIfAbsent(config.bwrapCommand() + "|" + dropTo,
                key -> probe(config, dropTo));
        if (probe.works()) {
            log.info("sandbox: bwrap ({} mode){}", config.mode(), dropTo.map(u -> "; jobs run as " + u).orElse(""));
            return new Sandbox(config, SandboxMode.BWRAP, dropTo, probe.disableUserns(), probe.tmpfsSize());
        }
        if (config.mode() == SandboxMode.BWRAP) {
            throw new SandboxUnavailableException("--sandbox bwrap: " + probe.problem());
        }
        if (warnedUnsandboxed.compareAndSet(false, true)) {
            log.warn("sandbox: jobs run UNSANDBOXED (--sandbox auto): {}", probe.problem());
        }
        return new Sandbox(config, SandboxMode.NONE, dropTo, false, false);
    }

    /** The mode in force: {@link SandboxMode#BWRAP} or {@link SandboxMode#NONE}, never auto. */
    public SandboxMode mode() {
        return mode;
    }

    public SandboxConfig config() {
        return config;
    }

    /** The identity jobs run as if the worker is root; empty if jobs run as the worker's own user. */
    public Optional<JobUser> jobUser() {
        return dropTo;
    }

    @Override
    public String toString() {
        return mode + dropTo.map(u -> " as " + u).orElse("");
    }

    /**
     * Hands the session directory to the job's user (ownership of everything in it, never following links) and
     * checks that the user can reach it. A no-op when the worker is not root.
     */
    void prepare(Path sessionDir) throws IOException {
        if (dropTo.isEmpty()) {
            return;
        }
        JobUser user = dropTo.get();
        SelfCheck.Identity who = SelfCheck.Identity.jobUser(user);
        for (Path p = sessionDir.getParent(); p != null; p = p.getParent()) {
            Optional<SelfCheck.FileStatus> status = SelfCheck.FileStatus.read(p);
            if (status.isPresent() && !status.get().executableBy(who)) {
                throw new IOException("the job user " + user + " cannot reach the session directory " + sessionDir
                        + " because " + p + " is not searchable by it (" + status.get().describe() + "; chmod o+x "
                        + p + ")");
            }
        }
        Files.walkFileTree(sessionDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir, user);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file, user);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void chown(Path path, JobUser user) throws IOException {
        Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    /** The command that runs {@code inner} (relative to the session directory) confined to {@code sessionDir}. */
    List<String> command(Path sessionDir, List<String> inner) {
        List<String> cmd = new ArrayList<>();
        dropTo.ifPresent(u -> cmd.addAll(List.of("setpriv", "--reuid=" + u.uid(), "--regid=" + u.gid(),
                "--clear-groups", "--no-new-privs", "--")));
        if (mode == SandboxMode.BWRAP) {
            cmd.addAll(bwrapArguments(sessionDir));
        }
        cmd.addAll(inner);
        return cmd;
    }

    private List<String> bwrapArguments(Path sessionDir) {
        String session = sessionDir.toString();
        List<String> args = new ArrayList<>(List.of(config.bwrapCommand(), "--unshare-user"));
        if (disableUserns) {
            args.add("--disable-userns");
        }
        args.addAll(List.of("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "raypool-job", "--die-with-parent",
                "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        for (String dir : PRIVATE_TMPFS) {
            tmpfs(args, dir, config.tmpfsBytes(), false);
        }
        for (String dir : ALWAYS_HIDDEN) {
            if (Files.isDirectory(Path.of(dir))) {
                tmpfs(args, dir, HIDING_TMPFS_BYTES, true);
            }
        }
        List<Path> hidden = new ArrayList<>(config.hiddenPaths());
        Path sessions = sessionDir.getParent();
        if (sessions != null && !PRIVATE_TMPFS.contains(sessions.toString())) {
            hidden.add(sessions);
        }
        for (Path dir : hidden) {
            if (Files.isDirectory(dir) && !dir.equals(dir.getRoot()) && !dir.startsWith(sessionDir)) {
                tmpfs(args, dir.toString(), HIDING_TMPFS_BYTES, true);
            }
        }
        args.addAll(List.of("--bind", session, session, "--chdir", session, "--"));
        return args;
    }

    private void tmpfs(List<String> args, String dir, long bytes, boolean readOnly) {
        if (readOnly) {
            args.addAll(List.of("--perms", "0555"));
        }
        if (tmpfsSize) {
            args.addAll(List.of("--size", Long.toString(bytes)));
        }
        args.addAll(List.of("--tmpfs", dir));
    }

    /**
     * Runs {@code true} in {@code sessionDir} exactly as {@link ScriptRunner} runs a job: the directory handed to the
     * job user, setsid, this sandbox, the job's environment. Empty when it exited 0, else what went wrong.
     */
    Optional<String> trialRun(Path sessionDir) {
        try {
            prepare(sessionDir);
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(command(sessionDir, List.of("true")));
            Outcome outcome = run(command, sessionDir, ScriptRunner.environment(sessionDir));
            if (outcome.exitCode() == 0) return Optional.empty();
            String said = outcome.output().strip().replaceAll("\\s*\\R\\s*", "; ");
            return Optional.of("exit code " + outcome.exitCode() + (said.isEmpty() ? "" : ", said: " + said));
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static ProbeResult probe(SandboxConfig config, Optional<JobUser> dropTo) {
        String help;
        try {
            help = run(List.of(config.bwrapCommand(), "--help"), null).output();
        } catch (IOException e) {
            return new ProbeResult(false, "bubblewrap is not installed ('" + config.bwrapCommand()
                    + "' cannot be run: " + e.getMessage() + "); install it with 'apt-get install bubblewrap'",
                    false, false);
        }
        boolean disableUserns = help.contains("--disable-userns");
        boolean tmpfsSize = help.contains("--size");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("raypool-bwrap-probe-");
            Sandbox candidate = new Sandbox(config, SandboxMode.BWRAP, dropTo, disableUserns, tmpfsSize);
            candidate.prepare(dir);
            Outcome outcome = run(candidate.command(dir, List.of("true")), dir);
            if (outcome.exitCode() == 0) {
                return new ProbeResult(true, "", disableUserns, tmpfsSize);
            }
            return new ProbeResult(false, explain(outcome), false, false);
        } catch (IOException e) {
            return new ProbeResult(false, "the bubblewrap self-test could not run: " + e.getMessage(), false, false);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    log.debug("could not remove {}: {}", dir, e.toString());
                }
            }
        }
    }

    private static String explain(Outcome outcome) {
        String said = outcome.output().strip();
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("namespace") || lower.contains("operation not permitted")
                || lower.contains("permission denied") || lower.contains("no permissions")) {
            return "bubblewrap cannot create its namespaces here (bwrap said: " + said + "). User namespaces are "
                    + "disabled or restricted: enable them (sysctl -w kernel.unprivileged_userns_clone=1 on older "
                    + "Debian kernels, sysctl -w user.max_user_namespaces=15000, or on Ubuntu 24.04+ "
                    + "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for bwrap); "
                    + "inside a container allow them (e.g. docker --security-opt seccomp=unconfined "
                    + "--security-opt apparmor=unconfined), or run with --sandbox none";
        }
        return "bubblewrap failed its self-test with exit code " + outcome.exitCode() + " (bwrap said: " + said
                + "); run with --sandbox none to go without a sandbox";
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(List<String> command, Path dir) throws IOException {
        return run(command, dir, null);
    }

    private static Outcome run(List<String> command, Path dir, Map<String, String> environment) throws IOException {
        Path output = Files.createTempFile("raypool-sandbox-probe-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            if (environment != null) {
                pb.environment().clear();
                pb.environment().putAll(environment);
            }
            Process process = pb.start();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("'" + command.get(0) + "' did not finish within 10 s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while probing the sandbox", e);
            }
            byte[] text;
            try (InputStream in = Files.newInputStream(output)) {
                text = in.readNBytes(16384);
            }
            return new Outcome(process.exitValue(), new String(text, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean commandWorks(List<String> command) {
        try {
            return run(command, null).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this JVM runs with effective uid 0, read from /proc/self/status. */
    static boolean workerIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            log.debug("cannot read /proc/self/status: {}", e.toString());
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
