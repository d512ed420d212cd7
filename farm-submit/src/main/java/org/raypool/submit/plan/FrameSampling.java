package org.raypool.submit.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.raypool.submit.pack.Frame;

/**
 * Which frames of an animation to preview, and the estimates of the rest from theirs (docs/bands-auto.md). A frame's
 * cost follows the animation's clock, which moves objects and camera continuously, so it changes smoothly from frame
 * to frame: a few previews spread evenly, the first and last frame among them, and a straight line between
 * neighbours estimate every frame without extrapolating, at a preview cost that does not grow with the animation.
 */
public final class FrameSampling {

    /** At most this many previews per animation. */
    public static final int MAX_PREVIEWS = 8;

    private FrameSampling() {}

    /** Up to {@code max} of {@code frames} (in their order), evenly spread, the first and the last included. */
    public static List<Frame> sample(List<Frame> frames, int max) {
        if (max < 1) throw new IllegalArgumentException("sample at least one frame, got " + max);
        int n = frames.size();
        if (n <= max) return List.copyOf(frames);
        if (max == 1) return List.of(frames.get(n / 2));
        List<Frame> picked = new ArrayList<>();
        for (int k = 0; k < max; k++) picked.add(frames.get((int) Math.round((double) k * (n - 1) / (max - 1))));
        return List.copyOf(picked);
    }

    /**
     * An estimate for every one of {@code frames}, in order: a sampled frame's own, another's on the straight line
     * (by frame number) between the nearest sampled frames before and after it, or the nearest one's beyond the
     * first or last sample (a sample whose preview failed is simply absent).
     */
    public static List<CostEstimate> interpolate(List<Frame> frames, Map<Frame, CostEstimate> sampled) {
        if (sampled.isEmpty()) throw new IllegalArgumentException("no frame of the animation has an estimate");
        List<Frame> known = sampled.keySet().stream().sorted((a, b) -> Integer.compare(a.number(), b.number())).toList();
        int[] numbers = known.stream().mapToInt(Frame::number).toArray();
        List<CostEstimate> out = new ArrayList<>();
        for (Frame f : frames) {
            CostEstimate own = sampled.get(f);
            if (own != null) {
                out.add(own);
                continue;
            }
            int found = java.util.Arrays.binarySearch(numbers, f.number());
            int next = found >= 0 ? found : -found - 1;
            if (next == 0) {
                out.add(sampled.get(known.get(0)).withSource(CostEstimate.Source.INTERPOLATED));
            } else if (next == known.size()) {
                out.add(sampled.get(known.get(known.size() - 1)).withSource(CostEstimate.Source.INTERPOLATED));
            } else {
                Frame a = known.get(next - 1);
                Frame b = known.get(next);
                double t = (double) (f.number() - a.number()) / (b.number() - a.number());
                CostEstimate ca = sampled.get(a);
                CostEstimate cb = sampled.get(b);
                out.add(new CostEstimate(ca.fixedSeconds() + t * (cb.fixedSeconds() - ca.fixedSeconds()),
                        ca.traceSeconds() + t * (cb.traceSeconds() - ca.traceSeconds()), CostEstimate.Source.INTERPOLATED));
            }
        }
        return List.copyOf(out);
    }
}
