package org.raypool.submit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.output.OutputCollector;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.plan.BandPlanner;
import org.raypool.submit.plan.CostEstimate;
import org.raypool.submit.plan.FrameCosts;
import org.raypool.submit.plan.PreviewRender;
import org.raypool.submit.plan.RenderStatistics;
import org.raypool.submit.session.WorkerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --bands auto} (docs/bands-auto.md, "the order for --bands auto"): the whole frames of a batch turned into
 * the jobs to dispatch, longest first, a frame split into bands only where that ends the batch sooner. Estimates come
 * from the output folder's manifest first, then from preview renders on the farm, run before the batch and kept out
 * of the output folder ({@link #preview}); the rest ({@link #toPreview}, {@link #decide}) is pure.
 */
final class AutoBands {
    private static final Logger LOG = LoggerFactory.getLogger(AutoBands.class);

    /**
     * What one job costs on top of its render, for the planner: POV-Ray's own start-up is about 0.65 s of wall time
     * per run here (docs/bands-auto.md, measured by the planner's author), plus the farm's dispatch, upload and
     * download.
     */
    static final double OVERHEAD_SECONDS = 0.8;

    /**
     * Previews are run only when they are at most {@value #MAX_PREVIEWS}, or this many per free slot on a larger pool
     * (see {@link #toPreview}).
     */
    static final int PREVIEWS_PER_SLOT = 4;

    /** See {@link #PREVIEWS_PER_SLOT}: the quick start's 7 scenes and 8-frame animation take 15 previews. */
    static final int MAX_PREVIEWS = 16;

    /**
     * The trace seconds a frame without history is taken to cost when the batch has fewer frames than free slots
     * ({@link CostEstimate.Source#ASSUMED}): large, so that the planner shares every such frame among the slots.
     */
    static final double ASSUMED_SECONDS = 3600;

    /** Runs preview jobs on the farm: every job of {@code jobs} to its end, its image and log into {@code output}. */
    interface PreviewFarm {
        void run(List<JobRecord> jobs, OutputCollector output) throws InterruptedException;
    }

    /**
     * What auto decided.
     *
     * @param plan      the jobs to dispatch, longest first
     * @param estimates each frame's estimate, where one exists
     * @param summary   one line for the user
     */
    record Decision(BandPlanner.Plan plan, Map<RenderJob, CostEstimate> estimates, String summary) {}

    private AutoBands() {}

    /** The pool's free slots now (sessions minus busy ones, at most --parallel), at least 1. */
    static int freeSlots(List<WorkerDirectory.PoolMember> members, OptionalInt parallel) {
        int free = members.stream().mapToInt(m -> Math.max(0, m.sessions() - m.busy())).sum();
        return Math.max(1, Math.min(free, parallel.orElse(Integer.MAX_VALUE)));
    }

    /**
     * The whole frames to preview: those the history has no estimate for (sampled per animation,
     * {@link FrameCosts#toPreview}). None when previews cannot pay: a pool of one free slot never splits; more than
     * {@value #MAX_PREVIEWS} previews, and more than {@value #PREVIEWS_PER_SLOT} per free slot, cost (a POV-Ray start
     * each, about 0.8 s of a slot) more than a batch of that many frames, which keeps every slot busy without bands,
     * can be expected to gain, so those frames stay whole; and fewer frames than free slots are shared by the slots without a preview, since
     * the slots would otherwise idle (a preview cost a POV-Ray start, about 2 s of a 16 s batch of one frame:
     * bench/run-farm-speedup).
     */
    static List<RenderJob> toPreview(List<RenderJob> frames, Function<RenderJob, Optional<CostEstimate>> history,
            int slots) {
        if (slots <= 1 || frames.size() < slots) return List.of();
        List<RenderJob> wanted = FrameCosts.toPreview(frames, history);
        return wanted.size() > Math.max(MAX_PREVIEWS, PREVIEWS_PER_SLOT * slots) ? List.of() : wanted;
    }

    /**
     * The plan. A frame stays whole when {@code wholeOnly} says so (docs/bands.md), when its preview failed (its
     * real render reports any real error) or when it has no estimate at all; one without an estimate is planned at
     * the batch's largest estimate, so that it starts early.
     *
     * @param previewed the frames whose preview was run
     * @param previews  the statistics of the previews that finished, by the frame they preview
     */
    static Decision decide(List<RenderJob> frames, Function<RenderJob, Optional<CostEstimate>> history,
            List<RenderJob> previewed, Map<RenderJob, RenderStatistics> previews, Map<RenderJob, String> wholeOnly,
            int slots, double overheadSeconds) {
        Map<RenderJob, CostEstimate> estimates = new LinkedHashMap<>(FrameCosts.estimate(frames, history, previews));
        if (frames.size() < slots) {
            for (RenderJob f : frames) {
                estimates.putIfAbsent(f, new CostEstimate(0, ASSUMED_SECONDS, CostEstimate.Source.ASSUMED));
            }
        }
        CostEstimate largest = estimates.values().stream().max(Comparator.comparingDouble(CostEstimate::seconds))
                .orElse(new CostEstimate(0, 0, CostEstimate.Source.HISTORY));
        List<BandPlanner.Work> work = new ArrayList<>();
        for (RenderJob f : frames) {
            CostEstimate e = estimates.get(f);
            boolean failed = previewed.contains(f) && !previews.containsKey(f);
            work.add(new BandPlanner.Work(f, e == null ? largest : e, e != null && !failed && !wholeOnly.containsKey(f)));
        }
        BandPlanner.Plan plan = new BandPlanner(slots, overheadSeconds).plan(work);
        return new Decision(plan, Map.copyOf(estimates), summary(frames, estimates, previewed, previews, slots, plan, wholeOnly));
    }

    private static String summary(List<RenderJob> frames, Map<RenderJob, CostEstimate> estimates,
            List<RenderJob> previewed, Map<RenderJob, RenderStatistics> previews, int slots, BandPlanner.Plan plan,
            Map<RenderJob, String> wholeOnly) {
        long history = estimates.values().stream().filter(e -> e.source() == CostEstimate.Source.HISTORY
                || e.source() == CostEstimate.Source.HISTORY_SCALED).count();
        long interpolated = estimates.values().stream().filter(e -> e.source() == CostEstimate.Source.INTERPOLATED).count();
        List<String> sources = new ArrayList<>();
        if (history > 0) sources.add(history == frames.size() ? "history" : "history (" + history + ")");
        if (!previews.isEmpty()) sources.add(count(previews.size(), "preview"));
        if (interpolated > 0) sources.add(interpolated + " interpolated");
        long assumed = estimates.values().stream().filter(e -> e.source() == CostEstimate.Source.ASSUMED).count();
        if (assumed > 0) sources.add("none for " + count(assumed, "frame") + " (fewer frames than slots: shared by them)");
        StringBuilder line = new StringBuilder("--bands auto: ").append(count(frames.size(), "frame")).append(" on ")
                .append(count(slots, "slot")).append(", costs from ")
                .append(sources.isEmpty() ? "nothing" : String.join(", ", sources));
        int failed = previewed.size() - previews.size();
        if (failed > 0) line.append(" (").append(count(failed, "preview")).append(" failed: kept whole)");
        long unknown = frames.size() - estimates.size();
        if (unknown > 0 && previewed.isEmpty()) {
            line.append(" (").append(unknown).append(" without history kept whole: previews do not pay ")
                    .append(slots <= 1 ? "on one slot" : "for more than " + Math.max(MAX_PREVIEWS, PREVIEWS_PER_SLOT * slots)
                            + " frames")
                    .append(')');
        }
        Map<RenderJob, Integer> split = new LinkedHashMap<>();
        for (BandPlanner.Planned p : plan.jobs()) {
            if (!p.job().isWholeFrame()) split.merge(p.job().wholeFrame(), 1, Integer::sum);
        }
        line.append("; ");
        if (split.isEmpty()) {
            line.append("no frame split");
        } else {
            List<String> named = split.entrySet().stream().limit(3)
                    .map(s -> s.getKey().outputName() + " in " + s.getValue() + " bands").toList();
            line.append(String.join(", ", named));
            if (split.size() > 3) line.append(" and ").append(count(split.size() - 3, "more frame")).append(" in bands");
        }

        if (assumed == 0) {
            line.append("; estimated batch ").append(seconds(plan.makespan()));
            if (!split.isEmpty()) line.append(" (").append(seconds(plan.wholeFrameMakespan())).append(" in whole frames)");
        }
        // as --bands N says it, once per scene: why a frame may not be split at all
        List<String> whole = wholeOnly.entrySet().stream().filter(w -> frames.contains(w.getKey()))
                .map(w -> w.getKey().scene().getFileName() + " (" + w.getValue() + ")").distinct().sorted().toList();
        if (!whole.isEmpty()) line.append("; whole: ").append(String.join(", ", whole));
        return line.toString();
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }

    /** Logs each frame's estimate (INFO) and the plan. */
    static void log(Decision d) {
        d.estimates().entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().outputName()))
                .forEach(e -> LOG.info("--bands auto: {} estimated {} s (fixed {} s, trace {} s, from {})",
                        e.getKey().outputName(), round(e.getValue().seconds()), round(e.getValue().fixedSeconds()),
                        round(e.getValue().traceSeconds()), e.getValue().source()));
        LOG.info("--bands auto: {} jobs, simulated batch {} s ({} s in whole frames)", d.plan().jobs().size(),
                round(d.plan().makespan()), round(d.plan().wholeFrameMakespan()));
    }

    private static String round(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /**
     * Renders {@link PreviewRender#DEFAULT}'s preview of each of {@code frames} on {@code farm}, into a temporary
     * folder (a preview is named like a real render of its size, so it must never reach the output folder), which
     * is removed afterwards. Returns the POV-Ray statistics of those that finished, by the frame they preview; a
     * failed preview or an unreadable log is left out.
     */
    static Map<RenderJob, RenderStatistics> preview(List<RenderJob> frames, PreviewFarm farm)
            throws IOException, InterruptedException {
        Map<RenderJob, RenderStatistics> out = new LinkedHashMap<>();
        if (frames.isEmpty()) return out;
        Path folder = Files.createTempDirectory("raypool-previews-");
        OutputCollector output = new OutputCollector(folder);
        try {
            output.prepare();
            List<JobRecord> jobs = new ArrayList<>();
            for (RenderJob f : frames) jobs.add(new JobRecord(jobs.size(), PreviewRender.DEFAULT.job(f)));
            farm.run(jobs, output);
            for (int i = 0; i < frames.size(); i++) {
                JobRecord j = jobs.get(i);
                Path log = output.logFile(j.job());
                if (!j.state().isSuccess() || !Files.isRegularFile(log)) {
                    LOG.info("--bands auto: preview {} did not finish ({}): {} stays whole", j.name(), j.state(),
                            frames.get(i).outputName());
                    continue;
                }
                Optional<RenderStatistics> stats = RenderStatistics.parse(Files.readString(log));
                if (stats.isPresent()) {
                    out.put(frames.get(i), stats.get());
                } else {
                    LOG.info("--bands auto: no time statistics in the log of preview {}", j.name());
                }
            }
            return out;
        } finally {
            output.cleanUp();
            removeTree(folder);
        }
    }

    private static void removeTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove the preview folder {}: {}", folder, e.toString());
        }
    }

    /** The planned jobs of {@code d} in plan order, grouped by frame for those split into bands. */
    static Map<RenderJob, List<RenderJob>> bandGroups(Decision d) {
        return RenderJob.bandsByFrame(d.plan().jobs().stream().map(BandPlanner.Planned::job).toList());
    }
}
