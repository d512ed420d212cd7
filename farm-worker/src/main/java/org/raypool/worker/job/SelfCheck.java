package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether this worker can run jobs at all, asked before it registers and again after a job failed for a reason of
 * the worker's own: a session directory can be made under the work directory, the job user can reach it (when jobs
 * run as another user than the worker), the programs a job needs are there for the user jobs run as ({@code sh},
 * {@code tar}, and POV-Ray as ssrun calls it: {@code $RAYPOOL_POVRAY}, else {@code povray} on the jobs' PATH), and a
 * trivial job runs exactly as a real one does (handed to the job user, in the sandbox in force).
 *
 * <p>What to check comes from the configuration; the machine is asked through a {@link Probe}, so the decisions
 * are tested without one. The first problem found is reported, as one line with its fix.
 */
public final class SelfCheck {
    /** The variable ssrun takes the POV-Ray program from; a worker passes its own value on to jobs. */
    public static final String POVRAY_VARIABLE = "RAYPOOL_POVRAY";

    /** Who jobs run as: the job user (no supplementary groups: setpriv clears them), or the worker's own user. */
    public record Identity(int uid, int gid, Set<Integer> groups, String name) {
        public Identity {
            groups = Set.copyOf(groups);
        }

        public static Identity jobUser(JobUser user) {
            return new Identity(user.uid(), user.gid(), Set.of(), "the job user " + user);
        }

        public static Identity worker(int uid, int gid, Set<Integer> groups) {
            return new Identity(uid, gid, groups, "the worker's user " + uid + ":" + gid);
        }

        /** This process's real uid, gid and supplementary groups, from /proc/self/status. */
        static Identity ofThisProcess() throws IOException {
            int uid = -1;
            int gid = -1;
            Set<Integer> groups = new HashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                String[] fields = line.trim().split("\\s+");
                switch (fields[0]) {
                    case "Uid:" -> uid = Integer.parseInt(fields[1]);
                    case "Gid:" -> gid = Integer.parseInt(fields[1]);
                    case "Groups:" -> {
                        for (int i = 1; i < fields.length; i++) groups.add(Integer.parseInt(fields[i]));
                    }
                    default -> {
                    }
                }
            }
            if (uid < 0 || gid < 0) throw new IOException("no Uid/Gid in /proc/self/status");
            return worker(uid, gid, groups);
        }
    }

    /**
     * Owner, group and permission bits of a file (links followed).
     *
     * @param mode the permission bits, e.g. 0755
     */
    public record FileStatus(int uid, int gid, int mode, boolean directory, boolean regularFile) {
        /** Whether {@code who} may search this directory or execute this file, as the kernel decides. */
        public boolean executableBy(Identity who) {
            if (who.uid() == 0) return directory || (mode & 0111) != 0;
            if (who.uid() == uid) return (mode & 0100) != 0;
            if (who.gid() == gid || who.groups().contains(gid)) return (mode & 0010) != 0;
            return (mode & 0001) != 0;
        }

        public String describe() {
            return String.format("mode %04o, owner %d:%d", mode, uid, gid);
        }

        /** The status of {@code path}, empty if it does not exist or cannot be read. */
        public static Optional<FileStatus> read(Path path) {
            try {
                Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode,isDirectory,isRegularFile");
                return Optional.of(new FileStatus((Integer) a.get("uid"), (Integer) a.get("gid"),
                        (Integer) a.get("mode") & 07777, (Boolean) a.get("isDirectory"),
                        (Boolean) a.get("isRegularFile")));
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.empty();
            }
        }
    }

    /** What is wrong and how to fix it. */
    public record Problem(String what, String fix) {
        /** {@code what (fix)}: the line after "cannot run jobs: ". */
        public String line() {
            return what + " (" + fix + ")";
        }
    }

    /** What the check asks the machine. */
    public interface Probe {
        /** The status of {@code path}, links followed; empty if it does not exist or cannot be read. */
        Optional<FileStatus> status(Path path);

        /** Makes a session directory under {@code workDir} (and {@code workDir} if missing), as a session does. */
        Path createSessionDirectory(Path workDir) throws IOException;

        /**
         * Runs a trivial job in {@code sessionDir} as a real job runs; empty when it exited 0, else what went wrong.
         */
        Optional<String> runTrivialJob(Path sessionDir);

        /** Removes a directory {@link #createSessionDirectory} made. */
        void remove(Path sessionDir);
    }

    private final Path workDir;
    private final Identity runsAs;
    private final boolean otherUser;
    private final SandboxMode sandbox;
    private final String jobPath;
    private final Optional<String> povray;
    private final Probe probe;

    /**
     * @param workDir   where session directories are made
     * @param runsAs    who jobs run as
     * @param otherUser whether that is another user than the worker's (the worker is root)
     * @param sandbox   the sandbox in force, never auto
     * @param jobPath   the PATH jobs get
     * @param povray    the worker's {@code RAYPOOL_POVRAY}, if set
     */
    SelfCheck(Path workDir, Identity runsAs, boolean otherUser, SandboxMode sandbox, String jobPath,
            Optional<String> povray, Probe probe) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.runsAs = runsAs;
        this.otherUser = otherUser;
        this.sandbox = sandbox;
        this.jobPath = jobPath;
        this.povray = povray.filter(p -> !p.isBlank());
        this.probe = probe;
    }

    /** The check for jobs under {@code workDir} run the way {@code sandbox} runs them, on this machine. */
    public static SelfCheck of(Path workDir, Sandbox sandbox) throws IOException {
        Identity runsAs = sandbox.jobUser().isPresent() ? Identity.jobUser(sandbox.jobUser().get())
                : Identity.ofThisProcess();
        return new SelfCheck(workDir, runsAs, sandbox.jobUser().isPresent(), sandbox.mode(), ScriptRunner.JOB_PATH,
                ScriptRunner.povrayOverride(), new HostProbe(sandbox));
    }

    /** Checks everything in order; the first problem found, empty if jobs can run. */
    public Optional<Problem> run() {
        Path dir;
        try {
            dir = probe.createSessionDirectory(workDir);
        } catch (IOException e) {
            return Optional.of(new Problem("cannot make a session directory in the work directory " + workDir + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    "make it writable by the worker's user, or choose another --work-dir"));
        }
        try {
            List<Optional<Problem>> checks = new ArrayList<>();
            if (otherUser) checks.add(workDirReachable());
            checks.add(program("sh", "the shell", "sh", "install dash or another /bin/sh"));
            checks.add(program("tar", "tar", "tar", "apt-get install tar"));
            checks.add(povray());
            for (Optional<Problem> problem : checks) {
                if (problem.isPresent()) return problem;
            }
            return probe.runTrivialJob(dir).map(said -> new Problem("a trivial job does not run"
                    + (sandbox == SandboxMode.BWRAP ? " in the bubblewrap sandbox"
                            : sandbox == SandboxMode.UNSHARE ? " in the unshare sandbox" : "")
                    + (otherUser ? " as " + runsAs.name() : "") + " in " + workDir + ": " + said, trialFix()));
        } finally {
            probe.remove(dir);
        }
    }

    private String trialFix() {
        if (sandbox == SandboxMode.BWRAP) {
            return "make bubblewrap work there (farm-worker/README.md, 'Hardening and bubblewrap'), "
                    + "or run with --sandbox none";
        }
        if (sandbox == SandboxMode.UNSHARE) {
            return "allow user namespaces, a fresh /proc and mounts there (docs/sandbox.md), or run with --sandbox none";
        }
        return otherUser ? "setpriv must be able to switch to " + runsAs.name() + "; or run the worker as an "
                + "unprivileged user" : "run the worker where it can start processes in " + workDir;
    }

    /** The work directory and every folder above it searchable by the job user. */
    private Optional<Problem> workDirReachable() {
        for (Path p = workDir; p != null; p = p.getParent()) {
            Optional<FileStatus> status = probe.status(p);
            if (status.isEmpty()) {
                return Optional.of(new Problem("cannot read the permissions of " + p + " above the work directory",
                        "check that " + p + " exists and is readable, or choose another --work-dir"));
            }
            if (!status.get().executableBy(runsAs)) {
                return Optional.of(new Problem(runsAs.name() + " cannot reach the work directory " + workDir + ": "
                        + p + " is not searchable by it (" + status.get().describe() + ")",
                        "chmod o+x " + p + ", or choose a --work-dir that " + runsAs.name() + " can reach"));
            }
        }
        return Optional.empty();
    }

    private Optional<Problem> povray() {
        String program = povray.orElse("povray");
        String fix = povray.isPresent() ? "set " + POVRAY_VARIABLE + " to the POV-Ray program's absolute path, "
                + "or unset it to use povray from PATH" : "apt-get install povray, or set " + POVRAY_VARIABLE
                + " to the POV-Ray program's absolute path";
        if (program.contains("/") && !program.startsWith("/")) {
            return Optional.of(new Problem(POVRAY_VARIABLE + "=" + program + " is a relative path, but jobs run in "
                    + "their session directories", fix));
        }
        return program(program, "POV-Ray", povray.isPresent() ? POVRAY_VARIABLE + "=" + program : "povray", fix);
    }

    /**
     * {@code program} found as a job's shell finds it: itself when it holds a slash, else the first executable
     * {@code dir/program} along the jobs' PATH.
     */
    private Optional<Problem> program(String program, String what, String shown, String installFix) {
        List<Path> candidates = new ArrayList<>();
        if (program.contains("/")) {
            candidates.add(Path.of(program));
        } else {
            for (String dir : jobPath.split(":")) {
                if (!dir.isEmpty()) candidates.add(Path.of(dir, program));
            }
        }
        Optional<Problem> unusable = Optional.empty();
        for (Path candidate : candidates) {
            Optional<FileStatus> status = probe.status(candidate).filter(FileStatus::regularFile);
            if (status.isEmpty()) continue;
            Optional<Path> blocked = blockedFolder(candidate);
            if (status.get().executableBy(runsAs) && blocked.isEmpty()) return Optional.empty();
            if (unusable.isEmpty()) {
                Path where = blocked.orElse(candidate);
                unusable = Optional.of(new Problem(what + " (" + candidate + ") cannot be run by " + runsAs.name()
                        + ": " + where + " has " + probe.status(where).map(FileStatus::describe).orElse("?"),
                        "chmod o+x " + where + ", or " + installFix));
            }
        }
        if (unusable.isPresent()) return unusable;
        return Optional.of(new Problem(what + " is missing: " + (program.contains("/") ? program + " does not exist"
                : "no " + shown + " in the jobs' PATH " + jobPath), installFix));
    }

    /** The first folder above {@code file} the jobs' user cannot search. */
    private Optional<Path> blockedFolder(Path file) {
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            Optional<FileStatus> status = probe.status(p);
            if (status.isPresent() && !status.get().executableBy(runsAs)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The machine itself: the file system, and the sandbox for the trivial job. */
    private record HostProbe(Sandbox sandbox) implements Probe {
        @Override
        public Optional<FileStatus> status(Path path) {
            return FileStatus.read(path);
        }

        @Override
        public Path createSessionDirectory(Path workDir) throws IOException {
            return SessionDirectory.create(workDir).path();
        }

        @Override
        public Optional<String> runTrivialJob(Path sessionDir) {
            return sandbox.trialRun(sessionDir);
        }

        @Override
        public void remove(Path sessionDir) {
            try {
                SessionDirectory.at(sessionDir).delete();
            } catch (IOException e) {
                // a leftover empty directory under the work directory; the next check makes another
            }
        }
    }
}
