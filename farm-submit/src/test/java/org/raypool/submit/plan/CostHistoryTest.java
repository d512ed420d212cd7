package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** Estimates from the manifest's records of the same scene, frame and options. */
class CostHistoryTest {
    private static final String OPTIONS = "+A0.3 +FN";
    private static final Instant T = Instant.parse("2026-12-07T21:00:00Z");

    private static RenderJob knot(int w, int h) {
        return RenderJob.wholeFrame(Path.of("scenes/knot.pov"), new ImageSize(w, h), RenderOptions.defaults());
    }

    private static Manifest.Entry entry(RenderJob job, String inputs, String options, double seconds) {
        return new Manifest.Entry(job.outputFileName(), inputs, job.name(),
                job.frame().isStill() ? OptionalInt.empty() : OptionalInt.of(job.frame().number()), job.size().width(),
                job.size().height(), 1000, "png", "+W" + job.size().width() + " +H" + job.size().height() + " " + options,
                seconds, "worker", T);
    }

    private static String options(RenderJob job) {
        return "+W" + job.size().width() + " +H" + job.size().height() + " " + OPTIONS;
    }

    @Test
    void theRecordOfTheSameFrameAndSize() {
        RenderJob job = knot(640, 480);
        CostHistory h = CostHistory.of(List.of(entry(job, "h1", OPTIONS, 9.5), entry(knot(320, 240), "h2", OPTIONS, 3)));
        assertEquals(new CostEstimate(0, 9.5, CostEstimate.Source.HISTORY), h.estimate(job, "other", options(job)).orElseThrow());
    }

    @Test
    void recordsWithTheSameInputsWin() {
        RenderJob job = knot(640, 480);
        RenderJob band = job.withBand(new Band(1, 256));
        CostHistory h = CostHistory.of(List.of(entry(job, "old", OPTIONS, 20), entry(band, "new", OPTIONS, 5)));
        assertEquals(20, h.estimate(job, "old", options(job)).orElseThrow().traceSeconds(), 1e-9);
        assertEquals((20 + 5) * 480.0 / (480 + 256), h.estimate(job, "changed", options(job)).orElseThrow()
                .traceSeconds(), 1e-9, "no record with these inputs: seconds per row over all records");
    }

    @Test
    void bandsAddUpToTheFrame() {
        RenderJob job = knot(640, 480);
        CostHistory h = CostHistory.of(List.of(entry(job.withBand(new Band(1, 256)), "a", OPTIONS, 6),
                entry(job.withBand(new Band(257, 480)), "b", OPTIONS, 4)));
        assertEquals(10, h.estimate(job, "", options(job)).orElseThrow().traceSeconds(), 1e-9);
    }

    @Test
    void anotherSizeScaledFromTheNearest() {
        RenderJob job = knot(640, 480);
        CostHistory h = CostHistory.of(List.of(entry(knot(320, 240), "x", OPTIONS, 3),
                entry(knot(40, 30), "y", OPTIONS, 1)));
        CostEstimate e = h.estimate(job, "", options(job)).orElseThrow();
        assertEquals(3 * Math.pow(4, 0.75), e.traceSeconds(), 1e-9);
        assertEquals(CostEstimate.Source.HISTORY_SCALED, e.source());
    }

    @Test
    void otherOptionsOrFramesAreOtherWork() {
        RenderJob job = knot(640, 480);
        CostHistory h = CostHistory.of(List.of(entry(job, "x", OPTIONS + " +Q9", 3)));
        assertTrue(h.estimate(job, "", options(job)).isEmpty());
        RenderJob frame = job.withFrame(Frame.of(2, 10));
        CostHistory frames = CostHistory.of(List.of(entry(job.withFrame(Frame.of(3, 10)), "x", OPTIONS, 3)));
        assertTrue(frames.estimate(frame, "", options(frame)).isEmpty());
        assertEquals(3, frames.estimate(job.withFrame(Frame.of(3, 10)), "", options(job)).orElseThrow().seconds(), 1e-9);
    }
}
