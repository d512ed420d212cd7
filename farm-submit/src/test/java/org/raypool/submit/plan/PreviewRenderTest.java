package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** The preview: the same work at 1/8 per axis, and the whole frame's estimate from its statistics. */
class PreviewRenderTest {

    @Test
    void anEighthPerAxisAtLeastEightPixels() {
        PreviewRender p = PreviewRender.DEFAULT;
        assertEquals(new ImageSize(80, 60), p.size(new ImageSize(640, 480)));
        assertEquals(new ImageSize(40, 30), p.size(new ImageSize(320, 240)));
        assertEquals(new ImageSize(13, 8), p.size(new ImageSize(100, 50)), "50/8 rounds to 6, raised to 8");
        assertEquals(new ImageSize(6, 5), p.size(new ImageSize(6, 5)), "never larger than the frame");
    }

    @Test
    void theSameWorkAsAWholeFrame() {
        RenderOptions options = RenderOptions.defaults().withPovrayOptions(List.of("+Q9"));
        RenderJob full = new RenderJob(Path.of("scenes/knot.pov"), java.util.Optional.empty(), new ImageSize(640, 480),
                Frame.of(3, 12), new Band(33, 64), options, OutputFormat.forSetting("T").orElseThrow());
        RenderJob preview = PreviewRender.DEFAULT.job(full);
        assertEquals(new RenderJob(full.scene(), full.ini(), new ImageSize(80, 60), full.frame(),
                Band.wholeFrame(new ImageSize(80, 60)), options, full.format()), preview);
    }

    @Test
    void fixedPartKeptTraceScaledByPixelsToTheThreeQuarters() {
        RenderStatistics preview = new RenderStatistics(0.002, 0.001, 0.4, 0, 4.133);
        CostEstimate e = PreviewRender.DEFAULT.estimate(new ImageSize(640, 480), preview);
        assertEquals(0.403, e.fixedSeconds(), 1e-9);
        assertEquals(4.133 * Math.pow(64, 0.75), e.traceSeconds(), 1e-9);
        assertEquals(CostEstimate.Source.PREVIEW, e.source());
    }

    @Test
    void refusesADivisorBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new PreviewRender(0, 8));
    }
}
