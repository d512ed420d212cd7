package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/**
 * {@code --bands auto} on the cases of issue 14, with the costs measured on this machine (povray +WT1 +A0.3, trace
 * CPU-seconds; docs/bands-auto.md). Every case prints the simulated batch before and after.
 */
class BandPlannerTest {
    private static final double OVERHEAD = 0.15;
    private static final ImageSize SMALL = new ImageSize(320, 240);
    private static final ImageSize LARGE = new ImageSize(640, 480);

    private static RenderJob job(String name, ImageSize size) {
        return RenderJob.wholeFrame(Path.of(name + ".pov"), size, RenderOptions.defaults());
    }

    private static BandPlanner.Work work(String name, ImageSize size, double fixed, double trace) {
        return new BandPlanner.Work(job(name, size), new CostEstimate(fixed, trace, CostEstimate.Source.PREVIEW), true);
    }

    /** The six small example scenes at 320x240 and glass-marbles at 640x480 (photons: 0.36 s per render). */
    private static List<BandPlanner.Work> exampleBatch() {
        return List.of(work("quickstart", SMALL, 0.005, 0.11), work("tiled-crates", SMALL, 0.005, 0.15),
                work("terrain", SMALL, 0.01, 0.19), work("skyline", SMALL, 0.005, 0.33),
                work("billiards", SMALL, 0.005, 0.43), work("knot", SMALL, 0.6, 2.72),
                work("glass-marbles", LARGE, 0.36, 83));
    }

    private static BandPlanner.Plan plan(String title, int slots, List<BandPlanner.Work> frames) {
        long start = System.nanoTime();
        BandPlanner.Plan plan = new BandPlanner(slots, OVERHEAD).plan(frames);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("%-44s %5d frames, %2d slots: %4d jobs, makespan whole %9.2f s -> %9.2f s (planned in %.1f ms)%n",
                title, frames.size(), slots, plan.jobs().size(), plan.wholeFrameMakespan(), plan.makespan(), ms);
        checkShape(frames, plan);
        return plan;
    }

    /** Per frame: its bands are block-aligned, cover it once, at most one per block; the list is longest first. */
    private static void checkShape(List<BandPlanner.Work> frames, BandPlanner.Plan plan) {
        for (int i = 1; i < plan.jobs().size(); i++) {
            int at = i;
            assertTrue(plan.jobs().get(i - 1).seconds() >= plan.jobs().get(i).seconds(), () -> "not longest first at " + at);
        }
        Map<String, List<Band>> byFrame = bands(plan);
        assertEquals(frames.size(), byFrame.size(), "every frame planned once");
        for (BandPlanner.Work w : frames) {
            List<Band> bands = byFrame.get(key(w.job()));
            int next = 1;
            for (Band b : bands) {
                assertEquals(next, b.startRow(), () -> "bands of " + w.job().name() + " cover the frame once: " + bands);
                assertTrue(b.isBlockAligned(), () -> b + " is block-aligned");
                next = b.endRow() + 1;
            }
            assertEquals(w.job().size().height() + 1, next, () -> "bands of " + w.job().name() + " reach the last row");
            int blocks = (w.job().size().height() + Band.BLOCK_ROWS - 1) / Band.BLOCK_ROWS;
            assertTrue(bands.size() <= blocks, () -> "no more bands than blocks: " + bands);
        }
    }

    private static String key(RenderJob job) {
        return job.name() + " " + job.size() + " " + job.frame();
    }

    private static Map<String, List<Band>> bands(BandPlanner.Plan plan) {
        Map<String, List<Band>> out = new TreeMap<>();
        for (BandPlanner.Planned p : plan.jobs()) out.computeIfAbsent(key(p.job()), k -> new ArrayList<>()).add(p.job().band());
        out.values().forEach(l -> l.sort(Comparator.comparingInt(Band::startRow)));
        return out;
    }

    private static int bandsOf(BandPlanner.Plan plan, String name) {
        return (int) plan.jobs().stream().filter(p -> p.job().name().equals(name)).count();
    }

    @Test
    void theExampleBatchOnTwoSlotsSplitsGlassMarblesAlone() {
        BandPlanner.Plan plan = plan("example batch", 2, exampleBatch());
        assertEquals(2, bandsOf(plan, "glass-marbles"), "glass-marbles in two bands, one per slot: " + plan.jobs());
        for (String small : List.of("quickstart", "tiled-crates", "terrain", "skyline", "billiards", "knot")) {
            assertEquals(1, bandsOf(plan, small), small + " stays whole");
        }
        assertEquals(0.15 + 0.36 + 83, plan.wholeFrameMakespan(), 1e-9);
        // Two bands of 8 and 7 blocks: the larger one, then what the small scenes add to the other slot.
        double larger = OVERHEAD + 0.36 + 83.0 * 256 / 480;
        assertEquals(larger, plan.makespan(), 1e-9, "the batch ends with the larger band");
        assertEquals("glass-marbles", plan.jobs().get(0).job().name(), "the longest job first");
    }

    @Test
    void theExampleBatchAt640x480WithTodaysOverhead() {
        // PreviewEstimateLongIT's real renders at 640x480 (fixed part: knot's radiosity, glass-marbles' photons), and the
        // per-job cost a local farm measured today: 0.6-0.8 s, POV-Ray's own 0.65 s start and end included.
        List<BandPlanner.Work> batch = List.of(work("quickstart", LARGE, 0.005, 0.31), work("tiled-crates", LARGE, 0.005,
                0.28), work("terrain", LARGE, 0.01, 0.40), work("skyline", LARGE, 0.005, 0.88), work("billiards", LARGE,
                0.005, 1.37), work("knot", LARGE, 0.6, 7.1), work("glass-marbles", LARGE, 0.36, 83.8));
        BandPlanner.Plan plan = new BandPlanner(2, 0.8).plan(batch);
        System.out.printf("%-44s %5d frames, %2d slots: %4d jobs, makespan whole %9.2f s -> %9.2f s (overhead 0.8 s)%n",
                "example batch at 640x480", batch.size(), 2, plan.jobs().size(), plan.wholeFrameMakespan(), plan.makespan());
        checkShape(batch, plan);
        assertTrue(bandsOf(plan, "glass-marbles") >= 2, "glass-marbles split");
        assertEquals(batch.size() - 1 + bandsOf(plan, "glass-marbles"), plan.jobs().size(), "only glass-marbles split");
        assertTrue(plan.makespan() < 0.65 * plan.wholeFrameMakespan());
    }

    @Test
    void aSmallFrameWhoseBandsEndNothingSoonerStaysWhole() {
        // AutoBandsIT's batch: glass-marbles at 160x120 (13 s of trace, photons) and two scenes of a tenth of a second,
        // on 2 slots with today's overhead; splitting the small ones with glass-marbles in one try paid, alone it not
        ImageSize size = new ImageSize(160, 120);
        List<BandPlanner.Work> frames = List.of(work("glass-marbles", size, 0.4, 13), work("quickstart", size, 0.01, 0.08),
                work("terrain", size, 0.01, 0.1));
        BandPlanner.Plan plan = new BandPlanner(2, 0.8).plan(frames);
        checkShape(frames, plan);
        assertTrue(bandsOf(plan, "glass-marbles") >= 2, plan.jobs().toString());
        assertEquals(1, bandsOf(plan, "quickstart"), plan.jobs().toString());
        assertEquals(1, bandsOf(plan, "terrain"), plan.jobs().toString());
    }

    @Test
    void equalFramesFillingTheSlotsEvenlyStayWhole() {
        List<BandPlanner.Work> frames = animation(100, 10);
        BandPlanner.Plan plan = plan("animation of 100 equal frames", 4, frames);
        assertEquals(100, plan.jobs().size(), "no frame split");
        assertEquals(25 * (10 + 0.01 + OVERHEAD), plan.makespan(), 1e-9);
    }

    @Test
    void anAnimationWithAnUnevenTailSplitsOnlyTheTail() {
        for (int extra = 1; extra <= 3; extra++) {
            BandPlanner.Plan plan = plan("animation of " + (100 + extra) + " equal frames", 4, animation(100 + extra, 10));
            List<Integer> split = bands(plan).entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(e -> Integer.parseInt(e.getKey().replaceAll(".* frame ", ""))).sorted().toList();
            System.out.println("  frames split: " + split);
            int total = 100 + extra;
            // Equal frames: which ones split does not matter, their bands go last (longest first).
            assertTrue(split.size() >= extra && split.size() <= 8, "at most two rounds of frames (one per slot) split, "
                    + "at least the " + extra + " too many, got " + split + " of " + total);
            assertTrue(plan.makespan() < plan.wholeFrameMakespan() - 1, "the 26th frames no longer end the batch");
        }
    }

    private static long splitFrames(BandPlanner.Plan plan) {
        return bands(plan).values().stream().filter(b -> b.size() > 1).count();
    }

    @Test
    void tenThousandFramesWithATailPlanQuickly() {
        long start = System.nanoTime();
        BandPlanner.Plan plan = plan("animation of 10,002 equal frames", 16, animation(10_002, 10));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "planned in " + seconds + " s");
        long split = splitFrames(plan);
        assertTrue(split >= 2 && split <= 16, "only the tail splits, got " + split);
        assertTrue(plan.makespan() < plan.wholeFrameMakespan() - 3);
    }

    @Test
    void oneHugeFrameSpreadsOverEightSlots() {
        BandPlanner.Plan plan = plan("one huge frame", 8, List.of(work("huge", LARGE, 0.5, 800)));
        assertTrue(plan.jobs().size() >= 8, "8+ bands: " + plan.jobs().size());
        // 15 blocks on 8 slots: no band can be under 2 blocks while every slot has at most one.
        assertEquals(OVERHEAD + 0.5 + 800.0 * 64 / 480, plan.makespan(), 1e-9);
    }

    @Test
    void oneSlotNeverSplits() {
        BandPlanner.Plan plan = plan("one slot", 1, exampleBatch());
        assertEquals(7, plan.jobs().size());
        assertEquals(plan.wholeFrameMakespan(), plan.makespan(), 1e-9);
    }

    @Test
    void aFrameOfOneBlockStaysWhole() {
        BandPlanner.Plan plan = plan("frame 20 rows high", 4, List.of(work("flat", new ImageSize(640, 20), 0, 500)));
        assertEquals(1, plan.jobs().size());
        assertTrue(plan.jobs().get(0).job().isWholeFrame());
    }

    @Test
    void aFrameThatMustNotSplitStaysWholeAndTheOthersWorkAroundIt() {
        List<BandPlanner.Work> frames = new ArrayList<>(List.of(new BandPlanner.Work(job("radiosity", LARGE),
                new CostEstimate(0.6, 100, CostEstimate.Source.PREVIEW), false), work("other", LARGE, 0, 60)));
        BandPlanner.Plan plan = plan("an unsplittable frame and another", 3, frames);
        assertEquals(1, bandsOf(plan, "radiosity"));
        assertEquals(OVERHEAD + 100.6, plan.makespan(), 1e-9, "the whole frame ends the batch");
        assertEquals(1, bandsOf(plan, "other"), "splitting the other frame would not end the batch sooner");
    }

    @Test
    void bandsPayTheirFixedPartAgainSoACheapFrameStaysWhole() {
        // 4 s of photons and 0.2 s of trace: two bands take 4.1 s each, 0.1 s sooner, less than the 0.15 s overhead.
        BandPlanner.Plan plan = plan("photons dominate", 2, List.of(work("photons", LARGE, 4, 0.2)));
        assertEquals(1, plan.jobs().size());
        BandPlanner.Plan more = plan("photons, more trace", 2, List.of(work("photons", LARGE, 4, 1)));
        assertEquals(2, more.jobs().size(), "1 s of trace in two bands: 0.5 s sooner");
    }

    @Test
    void theOverheadDecidesAShortFrame() {
        List<BandPlanner.Work> frame = List.of(work("short", SMALL, 0, 0.4));
        assertEquals(2, new BandPlanner(2, 0.05).plan(frame).jobs().size(), "0.4 s in two bands saves 0.2 s > 0.05 s");
        assertEquals(1, new BandPlanner(2, 0.3).plan(frame).jobs().size(), "saving 0.2 s does not pay 0.3 s per job");
    }

    @Test
    void moreBandsMakesTheLargestBandOneBlockSmaller() {
        assertEquals(2, BandPlanner.moreBands(15, 1));
        assertEquals(8, BandPlanner.moreBands(15, 5), "3 blocks -> 2 blocks: 8 bands");
        assertEquals(15, BandPlanner.moreBands(15, 8));
        assertEquals(3, BandPlanner.moreBands(8, 2), "4 blocks -> 3 blocks: 3 bands");
    }

    @Test
    void tenThousandFramesPlanQuickly() {
        List<BandPlanner.Work> frames = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            RenderJob job = job("long", LARGE).withFrame(Frame.of(i, 10_000));
            // A cost that rises through the animation: the longest frames are at its end.
            frames.add(new BandPlanner.Work(job, new CostEstimate(0.1, 1 + i / 1000.0, CostEstimate.Source.INTERPOLATED),
                    true));
        }
        long start = System.nanoTime();
        BandPlanner.Plan plan = plan("animation of 10,000 rising frames", 16, frames);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "planned in " + seconds + " s");
        assertTrue(plan.makespan() <= plan.wholeFrameMakespan());
        Map<Integer, Long> splits = plan.jobs().stream().collect(Collectors.groupingBy(p -> p.job().frame().number(),
                Collectors.counting()));
        assertTrue(splits.values().stream().filter(c -> c > 1).count() <= 16 * 4 + 16, "only the tail splits");
    }

    @Test
    void afewMoreExpensiveFramesThanSlotsAllSplit() {
        BandPlanner.Plan plan = plan("20 frames of 100 s", 16, animation(20, 100));
        assertTrue(plan.makespan() < 0.7 * plan.wholeFrameMakespan(), "20 frames on 16 slots: 2 rounds of whole frames "
                + "become about 1.25 frames per slot");
    }

    @Test
    void refusesNoSlots() {
        assertThrows(IllegalArgumentException.class, () -> new BandPlanner(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new BandPlanner(2, -1));
    }

    @Test
    void noFramesNoJobs() {
        BandPlanner.Plan plan = new BandPlanner(4, 0.1).plan(List.of());
        assertEquals(List.of(), plan.jobs());
        assertEquals(0, plan.makespan());
    }

    private static List<BandPlanner.Work> animation(int frames, double seconds) {
        List<BandPlanner.Work> out = new ArrayList<>();
        for (int i = 1; i <= frames; i++) {
            out.add(new BandPlanner.Work(job("bounce", SMALL).withFrame(Frame.of(i, frames)),
                    new CostEstimate(0.01, seconds, CostEstimate.Source.INTERPOLATED), true));
        }
        return out;
    }
}
