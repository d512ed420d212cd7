package org.raypool.submit.failure;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.raypool.submit.pack.EntrySource;
import org.raypool.submit.pack.PackageEntry;
import org.raypool.submit.pack.WorkPackage;

/**
 * Why a render failed on a worker, and whose the failure is: {@link Side#USER} when POV-Ray stopped on an error in
 * the user's own files (the same on every worker: failing again elsewhere would only cost time), {@link Side#WORKER}
 * when the cause can lie with the worker (a POV-Ray include missing there, POV-Ray crashed or killed, out of memory,
 * ssrun or the worker failed, or POV-Ray stopped without naming an error in the user's files).
 *
 * @param reason one line for the user: for a user error {@code <user's path> line <n>: <POV-Ray's message>}
 */
public record RenderFailure(Side side, String reason) {

    /** Whose failure it is. */
    public enum Side { USER, WORKER }

    /** The exit code of a program that the shell could not find or run (sh, POSIX). */
    private static final int NOT_FOUND = 127;
    private static final int NOT_EXECUTABLE = 126;
    /** ssrun's own failure (the ssrun contract). */
    private static final int SSRUN_FAILED = 125;

    public static RenderFailure user(String reason) {
        return new RenderFailure(Side.USER, reason);
    }

    public static RenderFailure worker(String reason) {
        return new RenderFailure(Side.WORKER, reason);
    }

    public boolean isUsers() {
        return side == Side.USER;
    }

    /**
     * Classifies a failed job from what came back.
     *
     * @param status the job's final SSP Status: ssrun's exit code from our worker; RSPLIB's worker sends 1 for every
     *               failure, so POV-Ray's own exit code is read from the log where ssrun wrote it
     * @param log    the render log ({@code output.txt}), empty when no results came back
     * @param pack   the work package the job ran: its entries are the user's files
     */
    public static RenderFailure classify(int status, String log, WorkPackage pack) {
        String code = Integer.toUnsignedString(status);
        if (log.isBlank()) {
            return worker(signal(status).map(s -> "the job " + s + " on the worker")
                    .orElse("the job failed on the worker with status " + code) + " and sent back no log");
        }
        PovrayLog parsed = PovrayLog.parse(log);
        if (parsed.ssrunLines().isEmpty()) {
            return worker("the worker reported: " + String.join(" ", parsed.lines().stream()
                    .filter(l -> !l.isBlank()).limit(2).map(String::strip).toList()));
        }
        Optional<String> memory = parsed.lineContaining("bad_alloc").or(() -> parsed.lineContaining("out of memory"))
                .or(() -> parsed.lineContaining("cannot allocate memory"));
        if (memory.isPresent()) {
            return worker("out of memory on the worker (POV-Ray: " + shown(memory.get(), pack) + ")");
        }
        OptionalInt povray = parsed.povrayExitCode();
        int exit = povray.orElse(status);
        Optional<String> killed = signal(exit);
        if (killed.isPresent()) {
            String said = parsed.lineContaining("terminate called").map(l -> ": " + l.strip()).orElse("");
            return worker("POV-Ray " + killed.get() + " on the worker" + said);
        }
        if (exit == NOT_FOUND || exit == NOT_EXECUTABLE) {
            return worker("POV-Ray cannot be run on the worker (" + parsed.lastPovrayLine().orElse("exit code " + exit) + ")");
        }
        if (status == SSRUN_FAILED || povray.isEmpty() || povray.getAsInt() == 0) {
            String said = parsed.ssrunLinesAfterPovray().stream().reduce((a, b) -> b).orElse("status " + code);
            return worker("ssrun failed on the worker: " + said);
        }
        Optional<PovrayLog.Message> stopped = parsed.stoppedOn();
        Optional<String> missing = parsed.missingFile();
        if (missing.isPresent()) return missingFile(missing.get(), stopped, pack);
        if (stopped.isPresent() && stopped.get().file().isPresent()) {
            PovrayLog.Message m = stopped.get();
            String file = m.file().get();
            String where = where(m, pack);
            return user(where + ": " + m.text() + (Path.of(file).isAbsolute()
                    ? " (in POV-Ray's own include file, reached from your scene)" : ""));
        }
        Optional<String> option = parsed.lineContaining("Problem with option setting")
                .or(() -> parsed.lineContaining("Failed to parse command-line option"));
        if (option.isPresent()) {
            return user("POV-Ray refused an option of the INI file or the command line: " + option.get().strip());
        }
        String last = stopped.map(PovrayLog.Message::text).or(parsed::lastPovrayLine).orElse("no message");
        return worker("POV-Ray exited with code " + exit + " without naming an error in your files (" + last + ")");
    }

    private static RenderFailure missingFile(String name, Optional<PovrayLog.Message> stopped, WorkPackage pack) {
        String where = stopped.filter(m -> m.file().isPresent()).map(m -> where(m, pack) + ": ").orElse("");
        String said = where + stopped.map(PovrayLog.Message::text).orElse("Cannot find file '" + name + "'");
        Optional<WorkPackage.NotFound> unpacked = pack.notFound().stream().filter(n -> sameFile(n.name(), name)).findFirst();
        if (unpacked.isPresent()) {
            return user(said + "; " + unpacked.get().name() + " was not found when packaging either (looked in "
                    + unpacked.get().looked() + "): add its folder with --include-path DIR");
        }
        Optional<PackageEntry> sent = pack.entries().stream().filter(e -> sameFile(e.path(), name)).findFirst();
        if (sent.isPresent()) {
            return worker(said + "; " + shownPath(sent.get().path(), pack) + " was in the work package, but POV-Ray on"
                    + " the worker could not open it");
        }
        return worker(said + "; " + name + " is not one of your files (packaging found it in POV-Ray's own include"
                + " folders) and is missing on the worker");
    }

    /** {@code scenes/bad.pov line 12}: the user's name of the file POV-Ray names. */
    private static String where(PovrayLog.Message m, WorkPackage pack) {
        String file = m.file().orElseThrow();
        return shownPath(file, pack) + " line " + m.line();
    }

    /** The user's path of a file POV-Ray names: the scene as the user gave it, else resolved in the scene folder. */
    private static String shownPath(String file, WorkPackage pack) {
        if (Path.of(file).isAbsolute()) return file;
        boolean isScene = pack.entries().stream()
                .anyMatch(e -> e.source() == EntrySource.SCENE && sameFile(e.path(), file));
        return isScene ? pack.job().scene().toString() : pack.shownPath(file).toString();
    }

    /** A line of POV-Ray's with its package path replaced by the user's one. */
    private static String shown(String line, WorkPackage pack) {
        PovrayLog located = PovrayLog.parse(line);
        return located.messages().stream().filter(m -> m.file().isPresent()).findFirst()
                .map(m -> where(m, pack) + ": " + m.text()).orElse(line.strip());
    }

    /** Whether POV-Ray's name for a file and a name as the scene or the package writes it mean the same file. */
    private static boolean sameFile(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) n = n.substring(2);
        return n;
    }

    /** "killed by signal 9 (SIGKILL)" and the like for an exit code of 128 + n, as sh reports a signalled child. */
    static Optional<String> signal(int exitCode) {
        if (exitCode <= 128 || exitCode >= 160) return Optional.empty();
        int n = exitCode - 128;
        return Optional.of(switch (n) {
            case 6 -> "aborted (signal 6, SIGABRT)";
            case 9 -> "was killed (signal 9, SIGKILL: a memory or time limit, or the kernel's out-of-memory killer)";
            case 11 -> "crashed (signal 11, SIGSEGV)";
            case 7 -> "crashed (signal 7, SIGBUS)";
            case 15 -> "was terminated (signal 15, SIGTERM)";
            case 24 -> "ran out of CPU time (signal 24, SIGXCPU)";
            case 25 -> "exceeded the file size limit (signal 25, SIGXFSZ)";
            default -> "was killed by signal " + n;
        });
    }

    @Override
    public String toString() {
        return side.name().toLowerCase(Locale.ROOT) + ": " + reason;
    }
}
