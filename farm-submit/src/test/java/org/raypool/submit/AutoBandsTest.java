package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.plan.BandPlanner;
import org.raypool.submit.plan.CostEstimate;
import org.raypool.submit.plan.RenderStatistics;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory;

class AutoBandsTest {
    private static final ImageSize VGA = new ImageSize(640, 480);
    private static final RenderJob MARBLES = job("glass-marbles");
    private static final RenderJob KNOT = job("knot");
    private static final RenderJob QUICK = job("quickstart");
    private static final List<RenderJob> BATCH = List.of(QUICK, MARBLES, KNOT);
    private static final Function<RenderJob, Optional<CostEstimate>> NO_HISTORY = j -> Optional.empty();

    private static RenderJob job(String name) {
        return RenderJob.wholeFrame(Path.of(name + ".pov"), VGA, RenderOptions.defaults());
    }

    /** Preview statistics (80x60) as PreviewEstimateLongIT measured them at 640x480. */
    private static final Map<RenderJob, RenderStatistics> PREVIEWS = Map.of(
            MARBLES, new RenderStatistics(0.05, 0.01, 0.35, 0, 4.5),
            KNOT, new RenderStatistics(0.02, 0, 0, 0.4, 0.4),
            QUICK, new RenderStatistics(0.005, 0, 0, 0, 0.007));

    private static WorkerDirectory.PoolMember member(int sessions, int busy) {
        return new WorkerDirectory.PoolMember(null, sessions, busy);
    }

    @Test
    void freeSlotsAreSessionsLessBusyOnesAtMostParallelAndAtLeastOne() {
        List<WorkerDirectory.PoolMember> pool = List.of(member(2, 1), member(1, 0), member(1, 3));
        assertEquals(2, AutoBands.freeSlots(pool, OptionalInt.empty()));
        assertEquals(1, AutoBands.freeSlots(pool, OptionalInt.of(1)));
        assertEquals(1, AutoBands.freeSlots(List.of(), OptionalInt.empty()));
        assertEquals(1, AutoBands.freeSlots(List.of(member(1, 1)), OptionalInt.empty()));
    }

    @Test
    void previewsOnlyFramesWithoutHistory() {
        Function<RenderJob, Optional<CostEstimate>> knotKnown = j -> j.equals(KNOT)
                ? Optional.of(new CostEstimate(0, 8, CostEstimate.Source.HISTORY)) : Optional.empty();
        assertEquals(List.of(QUICK, MARBLES), AutoBands.toPreview(BATCH, knotKnown, 2));
        assertEquals(BATCH, AutoBands.toPreview(BATCH, NO_HISTORY, 2));
    }

    @Test
    void noPreviewsOnOneSlotOrForMoreThanSixteenOrFourPerSlot() {
        assertEquals(List.of(), AutoBands.toPreview(BATCH, NO_HISTORY, 1));
        List<RenderJob> many = java.util.stream.IntStream.range(0, 41).mapToObj(i -> job("scene" + i)).toList();
        assertEquals(List.of(), AutoBands.toPreview(many.subList(0, 17), NO_HISTORY, 2), "17 > 16 previews");
        assertEquals(16, AutoBands.toPreview(many.subList(0, 16), NO_HISTORY, 2).size());
        assertEquals(40, AutoBands.toPreview(many.subList(0, 40), NO_HISTORY, 10).size(), "4 per slot on 10 slots");
        assertEquals(List.of(), AutoBands.toPreview(many, NO_HISTORY, 10));
    }

    @Test
    void fewerFramesThanSlotsAreSharedWithoutAPreview() {
        assertEquals(List.of(), AutoBands.toPreview(List.of(MARBLES), NO_HISTORY, 2), "one frame, two slots");
        assertEquals(List.of(), AutoBands.toPreview(List.of(MARBLES, KNOT), NO_HISTORY, 3));
        AutoBands.Decision one = AutoBands.decide(List.of(MARBLES), NO_HISTORY, List.of(), Map.of(), Map.of(), 2,
                AutoBands.OVERHEAD_SECONDS);
        assertEquals(2, one.plan().jobs().size(), "one band per slot: " + one.plan().jobs());
        assertTrue(one.summary().contains("fewer frames than slots") && !one.summary().contains("estimated batch"),
                one.summary());
        AutoBands.Decision eight = AutoBands.decide(List.of(MARBLES), NO_HISTORY, List.of(), Map.of(), Map.of(), 8,
                AutoBands.OVERHEAD_SECONDS);
        assertEquals(8, eight.plan().jobs().size(), "15 blocks on 8 slots: " + eight.plan().jobs());
        AutoBands.Decision whole = AutoBands.decide(List.of(KNOT), NO_HISTORY, List.of(), Map.of(),
                Map.of(KNOT, "radiosity"), 2, AutoBands.OVERHEAD_SECONDS);
        assertEquals(List.of(KNOT), whole.plan().jobs().stream().map(BandPlanner.Planned::job).toList(),
                "a frame that must stay whole still does");
        assertTrue(whole.summary().endsWith("; whole: knot.pov (radiosity)"), whole.summary());
    }

    @Test
    void splitsTheExpensiveFrameFromItsPreviewAndSaysSo() {
        AutoBands.Decision d = AutoBands.decide(BATCH, NO_HISTORY, BATCH, PREVIEWS, Map.of(), 2,
                AutoBands.OVERHEAD_SECONDS);
        List<BandPlanner.Planned> jobs = d.plan().jobs();
        assertTrue(jobs.size() >= 4, jobs.toString());
        assertFalse(jobs.get(0).job().isWholeFrame(), "the longest job is a band of glass-marbles: " + jobs);
        assertEquals(MARBLES, jobs.get(0).job().wholeFrame());
        assertTrue(jobs.stream().filter(p -> p.job().wholeFrame().equals(KNOT)).allMatch(p -> p.job().isWholeFrame()));
        for (int i = 1; i < jobs.size(); i++) assertTrue(jobs.get(i - 1).seconds() >= jobs.get(i).seconds(), "longest first");
        assertTrue(d.plan().makespan() < d.plan().wholeFrameMakespan());
        int bands = AutoBands.bandGroups(d).get(MARBLES).size();
        assertTrue(d.summary().startsWith("--bands auto: 3 frames on 2 slots, costs from 3 previews; glass-marbles-640-480 in "
                + bands + " bands; estimated batch "), d.summary());
        assertTrue(d.summary().endsWith(" s in whole frames)"), d.summary());
        assertEquals(3, d.estimates().size());
    }

    @Test
    void bandGroupsAreInRowOrder() {
        AutoBands.Decision d = AutoBands.decide(BATCH, NO_HISTORY, BATCH, PREVIEWS, Map.of(), 4, AutoBands.OVERHEAD_SECONDS);
        List<RenderJob> bands = AutoBands.bandGroups(d).get(MARBLES);
        assertTrue(bands.size() >= 2);
        assertEquals(1, bands.get(0).band().startRow());
        for (int i = 1; i < bands.size(); i++) {
            assertEquals(bands.get(i - 1).band().endRow() + 1, bands.get(i).band().startRow());
        }
        assertEquals(VGA.height(), bands.get(bands.size() - 1).band().endRow());
    }

    @Test
    void aFrameThatMustStayWholeOrWhosePreviewFailedIsNotSplit() {
        AutoBands.Decision kept = AutoBands.decide(BATCH, NO_HISTORY, BATCH, PREVIEWS,
                Map.of(MARBLES, "a jittered area light samples differently per band"), 2, AutoBands.OVERHEAD_SECONDS);
        assertTrue(kept.plan().jobs().stream().allMatch(p -> p.job().isWholeFrame()));
        assertTrue(kept.summary().contains("; no frame split; estimated batch "), kept.summary());

        Map<RenderJob, RenderStatistics> failed = Map.of(KNOT, PREVIEWS.get(KNOT), QUICK, PREVIEWS.get(QUICK));
        AutoBands.Decision d = AutoBands.decide(BATCH, NO_HISTORY, BATCH, failed, Map.of(), 2, AutoBands.OVERHEAD_SECONDS);
        assertEquals(3, d.plan().jobs().size());
        assertTrue(d.plan().jobs().stream().allMatch(p -> p.job().isWholeFrame()));
        assertEquals(MARBLES, d.plan().jobs().get(0).job(), "without an estimate it goes first, at the largest");
        assertTrue(d.summary().contains("costs from 2 previews (1 preview failed: kept whole)"), d.summary());
    }

    @Test
    void historyAloneIsSaid() {
        Function<RenderJob, Optional<CostEstimate>> all = j -> Optional.of(new CostEstimate(0,
                j.equals(MARBLES) ? 85 : 1, CostEstimate.Source.HISTORY));
        AutoBands.Decision d = AutoBands.decide(BATCH, all, List.of(), Map.of(), Map.of(), 2, AutoBands.OVERHEAD_SECONDS);
        assertTrue(d.summary().startsWith("--bands auto: 3 frames on 2 slots, costs from history; glass-marbles-640-480 in "),
                d.summary());
    }

    @Test
    void framesWithoutHistoryWhenPreviewsDoNotPayStayWholeLongestFirstByHistory() {
        Function<RenderJob, Optional<CostEstimate>> knotKnown = j -> j.equals(KNOT)
                ? Optional.of(new CostEstimate(0, 8, CostEstimate.Source.HISTORY)) : Optional.empty();
        AutoBands.Decision d = AutoBands.decide(BATCH, knotKnown, List.of(), Map.of(), Map.of(), 1,
                AutoBands.OVERHEAD_SECONDS);
        assertTrue(d.plan().jobs().stream().allMatch(p -> p.job().isWholeFrame()));
        assertEquals(3, d.plan().jobs().size());
        assertTrue(d.summary().contains("costs from history (1) (2 without history kept whole: previews do not pay on one slot)"),
                d.summary());
    }
}
