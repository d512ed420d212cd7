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
 * <p>Without bubblewrap the {@code unshare} tier (util-linux, present on every Debian) builds the same walls from
 * user, PID, mount, network, IPC and UTS namespaces: the same private tmpfs and hiding tmpfs, only the session's own
 * directory bound, the rest read-only, no capabilities left. docs/sandbox.md compares the tiers.
 *
 * <p>A worker running as root runs jobs as {@link SandboxConfig#jobUser()} (via util-linux {@code setpriv}), in
 * both modes: bubblewrap started by root would keep nearly all capabilities inside the sandbox, and uid 0 can read
 * root's 0600 files even without them. Session directories are handed to that user before the job starts.
 */
public final class Sandbox {
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
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
     * Decides once, at worker start, how jobs run. Each tier is probed by running the exact confinement a job would
     * get around {@code true}. {@code auto} takes the first tier that runs (bwrap, then unshare) and otherwise fails
     * closed: it refuses, naming both causes and the fixes, and never runs jobs unconfined on its own. {@code bwrap}
     * and {@code unshare} fail with their tier's cause. {@code none} is honoured with one warning line.
     */
    public static Sandbox resolve(SandboxConfig config) throws SandboxUnavailableException {
        Optional<JobUser> dropTo = workerIsRoot() ? Optional.of(config.jobUser()) : Optional.empty();
        if (dropTo.isPresent() && !commandWorks(List.of("setpriv", "--version"))) {
            throw new SandboxUnavailableException("the worker runs as root and needs setpriv (util-linux) to run jobs as "
                    + config.jobUser() + ": install util-linux, or run the worker as an unprivileged user");
        }
        String as = dropTo.map(u -> "; jobs run as " + u).orElse("");
        if (config.mode() == SandboxMode.NONE) {
            log.warn("sandbox: none (--sandbox none): jobs run UNCONFINED, they can see the network, other sessions' "
                    + "directories and this worker's files, and may outlive their session{}", as);
            return new Sandbox(config, SandboxMode.NONE, dropTo, false, false);
        }
        List<String> problems = new ArrayList<>();
        for (SandboxMode tier : List.of(SandboxMode.BWRAP, SandboxMode.UNSHARE)) {
            if (config.mode() != SandboxMode.AUTO && config.mode() != tier) continue;
            String command = tier == SandboxMode.BWRAP ? config.bwrapCommand() : config.unshareCommand();
            ProbeResult probe = probes.computeIfAbsent(tier + "|" + command + "|" + dropTo,
                    key -> probe(config, tier, dropTo));
            if (probe.works()) {
                log.info("sandbox: {} (--sandbox {}){}", tier, config.mode(), as);
                return new Sandbox(config, tier, dropTo, probe.disableUserns(), probe.tmpfsSize());
            }
            problems.add(tier + ": " + probe.problem());
        }
        if (config.mode() != SandboxMode.AUTO) {
            throw new SandboxUnavailableException("--sandbox " + config.mode() + ": "
                    + problems.get(0).substring(problems.get(0).indexOf(": ") + 2)
                    + "; or choose another tier: --sandbox auto, bwrap or unshare, or --sandbox none to run jobs "
                    + "unconfined");
        }
        throw new SandboxUnavailableException("--sandbox auto: no confinement can run here, so no job will ("
                + String.join("; ", problems) + "); fix one of these, or pass --sandbox none to run jobs unconfined");
    }

    /** The tier in force: bwrap, unshare or none, never auto. */
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
        } else if (mode == SandboxMode.UNSHARE) {
            cmd.addAll(unshareArguments(sessionDir));
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
        for (Path dir : hiddenDirectories(sessionDir)) {
            tmpfs(args, dir.toString(), HIDING_TMPFS_BYTES, true);
        }
        args.addAll(List.of("--bind", session, session, "--chdir", session, "--"));
        return args;
    }

    /**
     * The {@code unshare} tier: new user (the job user mapped to root inside), PID, mount, network, IPC and UTS
     * namespaces; {@link #UNSHARE_SETUP} mounts /proc, the private tmpfs, the hiding tmpfs (read-only) and binds the
     * session directory back, then runs the job in a nested user namespace as its own uid, without capabilities, so
     * it cannot undo a mount (they are locked for it) nor create further user namespaces (limit 1 on the outer one).
     * The setup shell stays pid 1 of the PID namespace (so the job's signals act as usual) and passes the job's exit
     * status on; when it ends, or unshare is killed ({@code --kill-child}), the kernel kills everything inside.
     */
    private List<String> unshareArguments(Path sessionDir) {
        long[] jobIds = dropTo.map(u -> new long[] {u.uid(), u.gid()}).orElseGet(Sandbox::ownIds);
        List<String> args = new ArrayList<>(List.of(config.unshareCommand(), "--user", "--map-root-user", "--pid",
                "--fork", "--kill-child", "--mount", "--propagation", "private", "--net", "--ipc", "--uts", "--",
                "/bin/sh", "-c", UNSHARE_SETUP, "raypool-sandbox", sessionDir.toString(),
                Long.toString(config.tmpfsBytes()), Long.toString(jobIds[0]), Long.toString(jobIds[1]),
                config.unshareCommand()));
        args.addAll(ALWAYS_HIDDEN);
        for (Path dir : hiddenDirectories(sessionDir)) {
            args.add(dir.toString());
        }
        args.add("--");
        return args;
    }

    /** Runs inside the new namespaces as their root; exit 125 (like ssrun's own failures) when a step fails. */
    private static final String UNSHARE_SETUP = String.join("\n",
            "s=$1; t=$2; u=$3; g=$4; unshare=$5; shift 5",
            "cd \"$s\" || exit 125",
            "mount -t proc proc /proc || exit 125",
            "for d in /tmp /var/tmp /dev/shm; do",
            "  if [ -d \"$d\" ]; then mount -t tmpfs -o \"size=$t,mode=1777\" tmpfs \"$d\" || exit 125; fi",
            "done",
            "while [ \"$1\" != -- ]; do",
            "  if [ -d \"$1\" ]; then",
            "    mount -t tmpfs -o size=" + HIDING_TMPFS_BYTES + ",mode=0755 tmpfs \"$1\" || exit 125",
            "    case \"$s/\" in \"$1\"/*) mkdir -p \"$s\" || exit 125;; esac",
            "    mount -o remount,bind,ro \"$1\" || exit 125",
            "  fi",
            "  shift",
            "done",
            "shift",
            "case \"$s/\" in /tmp/*|/var/tmp/*|/dev/shm/*) mkdir -p \"$s\" || exit 125;; esac",
            // -c: "." is the session directory opened before the hiding mounts, not the path looked up again
            "mount -c --bind . \"$s\" || exit 125",
            // the rest read-only as under bubblewrap: the root mount must take it, others where they let us
            "mount -o remount,bind,ro / || exit 125",
            "while read -r _ _ _ _ m _; do",
            "  case \"$m\" in /|\"$s\"|/tmp|/var/tmp|/dev/shm|/proc) ;; *) mount -o remount,bind,ro \"$m\" 2>/dev/null;; esac",
            "done < /proc/self/mountinfo",
            "cd \"$s\" || exit 125",
            "echo 1 > /proc/sys/user/max_user_namespaces || exit 125",
            "\"$unshare\" --user --map-user=\"$u\" --map-group=\"$g\" -- setpriv --no-new-privs -- \"$@\"",
            "exit $?");

    /** Configured hidden paths and the session directory's parent, less those that would hide the session itself. */
    private List<Path> hiddenDirectories(Path sessionDir) {
        List<Path> hidden = new ArrayList<>(config.hiddenPaths());
        Path sessions = sessionDir.getParent();
        if (sessions != null && !PRIVATE_TMPFS.contains(sessions.toString())) {
            hidden.add(sessions);
        }
        return hidden.stream().filter(dir -> Files.isDirectory(dir) && !dir.equals(dir.getRoot())
                && !dir.startsWith(sessionDir)).toList();
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

    private static ProbeResult probe(SandboxConfig config, SandboxMode tier, Optional<JobUser> dropTo) {
        boolean disableUserns = false;
        boolean tmpfsSize = false;
        if (tier == SandboxMode.BWRAP) {
            String help;
            try {
                help = run(List.of(config.bwrapCommand(), "--help"), null).output();
            } catch (IOException e) {
                return new ProbeResult(false, "bubblewrap is not installed ('" + config.bwrapCommand()
                        + "' cannot be run: " + e.getMessage() + "); install it with 'apt-get install bubblewrap'",
                        false, false);
            }
            disableUserns = help.contains("--disable-userns");
            tmpfsSize = help.contains("--size");
        } else if (!commandWorks(List.of(config.unshareCommand(), "--version"))) {
            return new ProbeResult(false, "'" + config.unshareCommand() + "' (util-linux) cannot be run; install "
                    + "util-linux", false, false);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("raypool-sandbox-probe-");
            Sandbox candidate = new Sandbox(config, tier, dropTo, disableUserns, tmpfsSize);
            candidate.prepare(dir);
            Outcome outcome = run(candidate.command(dir, List.of("true")), dir);
            if (outcome.exitCode() == 0) {
                return new ProbeResult(true, "", disableUserns, tmpfsSize);
            }
            return new ProbeResult(false, explain(tier, outcome), false, false);
        } catch (IOException e) {
            return new ProbeResult(false, "the " + tier + " self-test could not run: " + e.getMessage(), false, false);
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

    private static String explain(SandboxMode tier, Outcome outcome) {
        String said = outcome.output().strip().replaceAll("\\s*\\R\\s*", "; ");
        String program = tier == SandboxMode.BWRAP ? "bubblewrap" : "unshare";
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("namespace") || lower.contains("operation not permitted")
                || lower.contains("permission denied") || lower.contains("no permissions")
                || lower.contains("no space left on device")) { // ENOSPC: user.max_user_namespaces reached
            return program + " cannot create its namespaces here (" + tier + " said: " + said + "). User namespaces are "
                    + "disabled or restricted: enable them (sysctl -w kernel.unprivileged_userns_clone=1 on older "
                    + "Debian kernels, sysctl -w user.max_user_namespaces=15000, or on Ubuntu 24.04+ "
                    + "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for bwrap); "
                    + "inside a container allow them (e.g. docker --security-opt seccomp=unconfined "
                    + "--security-opt apparmor=unconfined)";
        }
        return program + " failed its self-test with exit code " + outcome.exitCode() + " (" + tier + " said: "
                + said + ")";
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

    /** This JVM's effective uid and gid, from /proc/self/status. */
    private static long[] ownIds() {
        long[] ids = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) ids[0] = Long.parseLong(line.split("\\s+")[2]);
                if (line.startsWith("Gid:")) ids[1] = Long.parseLong(line.split("\\s+")[2]);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read this process's uid and gid from /proc/self/status", e);
        }
        return ids;
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
