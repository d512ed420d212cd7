package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** A batch's estimates: history first, previews of stills and of sampled animation frames, the rest interpolated. */
class FrameCostsTest {
    private static final ImageSize SIZE = new ImageSize(320, 240);
    private static final RenderJob KNOT = RenderJob.wholeFrame(Path.of("knot.pov"), SIZE, RenderOptions.defaults());
    private static final RenderJob GLASS = RenderJob.wholeFrame(Path.of("glass.pov"), SIZE, RenderOptions.defaults());
    private static final CostEstimate RECORDED = new CostEstimate(0, 3.3, CostEstimate.Source.HISTORY);

    private static List<RenderJob> batch() {
        List<RenderJob> jobs = new ArrayList<>(List.of(KNOT, GLASS));
        RenderJob bounce = RenderJob.wholeFrame(Path.of("bounce.pov"), SIZE, RenderOptions.defaults());
        for (int f = 1; f <= 20; f++) jobs.add(bounce.withFrame(Frame.of(f, 20)));
        return jobs;
    }

    private static final Function<RenderJob, Optional<CostEstimate>> HISTORY =
            j -> j.equals(KNOT) ? Optional.of(RECORDED) : Optional.empty();

    @Test
    void previewsTheStillsWithoutHistoryAndEightFramesPerAnimation() {
        List<RenderJob> previews = FrameCosts.toPreview(batch(), HISTORY);
        assertEquals(GLASS, previews.get(0));
        assertEquals(List.of(1, 4, 6, 9, 12, 15, 17, 20), previews.subList(1, previews.size()).stream()
                .map(j -> j.frame().number()).toList());
    }

    @Test
    void historyThenPreviewThenTheLineBetweenPreviews() {
        List<RenderJob> jobs = batch();
        RenderStatistics cheap = new RenderStatistics(0, 0, 0, 0, 0.1);
        RenderStatistics dear = new RenderStatistics(0, 0, 0, 0, 0.3);
        Map<RenderJob, RenderStatistics> previews = Map.of(GLASS, new RenderStatistics(0, 0, 0.36, 0, 2),
                jobs.get(2), cheap, jobs.get(21), dear);
        Map<RenderJob, CostEstimate> e = FrameCosts.estimate(jobs, HISTORY, previews);
        assertEquals(RECORDED, e.get(KNOT));
        assertEquals(PreviewRender.DEFAULT.estimate(SIZE, previews.get(GLASS)), e.get(GLASS));
        double first = PreviewRender.DEFAULT.estimate(SIZE, cheap).traceSeconds();
        double last = PreviewRender.DEFAULT.estimate(SIZE, dear).traceSeconds();
        CostEstimate middle = e.get(jobs.get(11)); // frame 10 of 1..20
        assertEquals(CostEstimate.Source.INTERPOLATED, middle.source());
        assertEquals(first + (last - first) * 9 / 19, middle.traceSeconds(), 1e-9);
        assertEquals(22, e.size());
    }

    @Test
    void aFrameWithNothingToGoOnHasNoEstimate() {
        Map<RenderJob, CostEstimate> e = FrameCosts.estimate(batch(), HISTORY, Map.of());
        assertFalse(e.containsKey(GLASS));
        assertEquals(1, e.size());
    }
}
