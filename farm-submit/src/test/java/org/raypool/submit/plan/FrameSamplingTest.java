package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Frame;

/** Previews of a few evenly spread frames, the rest on straight lines between them. */
class FrameSamplingTest {

    private static List<Frame> frames(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> Frame.of(i, last)).toList();
    }

    private static List<Integer> numbers(List<Frame> frames) {
        return frames.stream().map(Frame::number).toList();
    }

    @Test
    void eightFramesEvenlySpreadFirstAndLastIncluded() {
        assertEquals(List.of(1, 15, 29, 43, 58, 72, 86, 100), numbers(FrameSampling.sample(frames(1, 100), 8)));
        assertEquals(List.of(0, 1, 2, 3, 4), numbers(FrameSampling.sample(frames(0, 4), 8)), "short: every frame");
        assertEquals(List.of(51), numbers(FrameSampling.sample(frames(1, 100), 1)));
    }

    @Test
    void straightLinesBetweenSamplesFlatBeyondThem() {
        List<Frame> all = frames(1, 10);
        CostEstimate a = new CostEstimate(1, 10, CostEstimate.Source.PREVIEW);
        CostEstimate b = new CostEstimate(3, 30, CostEstimate.Source.PREVIEW);
        List<CostEstimate> out = FrameSampling.interpolate(all, Map.of(all.get(2), a, all.get(6), b));
        assertEquals(a.withSource(CostEstimate.Source.INTERPOLATED), out.get(0), "before the first sample: its cost");
        assertEquals(a, out.get(2));
        assertEquals(new CostEstimate(2, 20, CostEstimate.Source.INTERPOLATED), out.get(4), "half-way");
        assertEquals(new CostEstimate(1.5, 15, CostEstimate.Source.INTERPOLATED), out.get(3));
        assertEquals(b, out.get(6));
        assertEquals(b.withSource(CostEstimate.Source.INTERPOLATED), out.get(9), "after the last sample: its cost");
    }
}
