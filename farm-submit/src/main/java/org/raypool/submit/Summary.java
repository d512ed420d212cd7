package org.raypool.submit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.raypool.Version;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.dispatch.JobState;

/** The end of a run: a table for people, or JSON for programs ({@code --json}). */
final class Summary {
    private final List<JobRecord> jobs;
    private final Path output;
    private final Optional<String> error;
    private final boolean interrupted;
    private final int exitCode;

    Summary(List<JobRecord> jobs, Path output, Optional<String> error, boolean interrupted, int exitCode) {
        this.jobs = List.copyOf(jobs);
        this.output = output;
        this.error = error;
        this.interrupted = interrupted;
        this.exitCode = exitCode;
    }

    private long count(JobState state) {
        return jobs.stream().filter(j -> j.state() == state).count();
    }

    /** Attempts that lost their worker and moved on to another one, over the whole batch. */
    int failovers() {
        return jobs.stream().mapToInt(JobRecord::failovers).sum();
    }

    /** The input as the user named it: the INI file (with its section) if one drives the scene, and the frame. */
    private static String input(JobRecord j) {
        String input = j.job().ini().map(Object::toString).orElse(j.job().scene().toString());
        return j.job().frame().isStill() ? input : input + " #" + j.job().frame().number();
    }

    void printTable(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SCENE", "SIZE", "RESULT", "WORKER", "TRIES", "TIME", "OUTPUT"});
        for (JobRecord j : jobs) {
            String result = switch (j.state()) {
                case DONE -> "rendered";
                case SKIPPED -> "exists";
                case FAILED -> "FAILED";
                default -> "not rendered";
            };
            String file = switch (j.state()) {
                case DONE, SKIPPED -> j.job().wholeFrame().outputFileName() + (j.job().isWholeFrame() ? "" : " " + j.job().band());
                case FAILED -> j.logFile().map(p -> p.getFileName().toString()).orElse("") + " " + j.failure();
                default -> j.detail();
            };
            rows.add(new String[] {input(j), j.job().size().toString(), result,
                    j.state() == JobState.SKIPPED ? "" : j.worker().replaceFirst("\\s*\\(.*\\)$", ""), j.attempts() == 0 ? "" : String.valueOf(j.attempts()),
                    j.attempts() == 0 ? "" : String.format(Locale.ROOT, "%.1fs", j.seconds()), file.strip()});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i + 1 < r.length ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
            }
            out.println(line.toString().stripTrailing());
        }
        for (JobRecord j : jobs) {
            if (j.state() != JobState.FAILED) continue;
            out.println();
            out.println(j.name() + " failed: " + j.failure() + j.logFile().map(p -> " (log: " + p + ")").orElse(""));
            if (!j.logTail().isBlank()) {
                for (String line : j.logTail().split("\n")) out.println("  | " + line);
            }
        }
        out.println();
        out.println(headline());
        out.flush();
    }

    String headline() {
        long rendered = count(JobState.DONE);
        long skipped = count(JobState.SKIPPED);
        long failed = count(JobState.FAILED);
        long notRendered = jobs.size() - rendered - skipped - failed;
        StringBuilder s = new StringBuilder("farm-submit: ").append(rendered).append(" rendered");
        if (skipped > 0) s.append(", ").append(skipped).append(" already there");
        if (failed > 0) s.append(", ").append(failed).append(" failed");
        if (notRendered > 0) s.append(", ").append(notRendered).append(" not rendered");
        s.append(" (of ").append(jobs.size()).append(") in ").append(output);
        int failovers = failovers();
        if (failovers > 0) s.append("; ").append(failovers).append(failovers == 1 ? " failover" : " failovers");
        if (interrupted) s.append("; stopped: run the same command again to render the rest");
        return s.toString();
    }

    void printJson(PrintStream out) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Version.get());
        root.put("output", output.toString());
        root.put("exitCode", exitCode);
        root.put("error", error.orElse(null));
        root.put("interrupted", interrupted);
        root.put("total", jobs.size());
        root.put("rendered", count(JobState.DONE));
        root.put("skipped", count(JobState.SKIPPED));
        root.put("failed", count(JobState.FAILED));
        root.put("notRendered", jobs.size() - count(JobState.DONE) - count(JobState.SKIPPED) - count(JobState.FAILED));
        root.put("failovers", failovers());
        List<Object> scenes = new ArrayList<>();
        for (JobRecord j : jobs) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scene", j.job().scene().toString());
            s.put("ini", j.job().ini().map(Object::toString).orElse(null));
            s.put("frame", j.job().frame().isStill() ? null : j.job().frame().number());
            s.put("format", j.job().format().id());
            s.put("name", j.name());
            s.put("width", j.job().size().width());
            s.put("height", j.job().size().height());
            s.put("state", switch (j.state()) {
                case DONE -> "rendered";
                case SKIPPED -> "skipped";
                case FAILED -> "failed";
                default -> "not-rendered";
            });
            // A band's image is its frame's stitched file (docs/bands.md).
            s.put("image", j.state().isSuccess() ? output.resolve(j.job().wholeFrame().outputFileName()).toString() : null);
            if (!j.job().isWholeFrame()) {
                s.put("start_row", j.job().band().startRow());
                s.put("end_row", j.job().band().endRow());
            }
            s.put("worker", j.worker().isEmpty() ? null : j.worker());
            s.put("attempts", j.attempts());
            s.put("failovers", j.failovers());
            s.put("seconds", j.seconds());
            s.put("error", j.state() == JobState.FAILED ? j.failure() : null);
            s.put("log", j.logFile().map(Path::toString).orElse(null));
            s.put("logTail", j.logTail().isEmpty() ? null : j.logTail());
            scenes.add(s);
        }
        root.put("scenes", scenes);
        out.print(Json.write(root));
        out.flush();
    }
}
