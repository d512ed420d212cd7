package org.raypool.submit.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.RenderJob;

/**
 * The estimates of a batch's frames before dispatch (docs/bands-auto.md): the manifest's history where it has the
 * work, else previews, of every still and of at most {@value FrameSampling#MAX_PREVIEWS} frames per animation, the
 * other frames interpolated. An animation here is the jobs that differ in their frame alone.
 */
public final class FrameCosts {

    private FrameCosts() {}

    /**
     * The frames of {@code jobs} to preview (at their full size: {@link PreviewRender#job} makes the preview), those
     * {@code history} has no estimate for, sampled per animation.
     */
    public static List<RenderJob> toPreview(List<RenderJob> jobs, Function<RenderJob, Optional<CostEstimate>> history) {
        List<RenderJob> out = new ArrayList<>();
        for (List<RenderJob> animation : animations(jobs).values()) {
            List<RenderJob> unknown = animation.stream().filter(j -> history.apply(j).isEmpty()).toList();
            if (unknown.isEmpty()) continue;
            List<Frame> sampled = FrameSampling.sample(unknown.stream().map(RenderJob::frame).toList(),
                    FrameSampling.MAX_PREVIEWS);
            for (RenderJob j : unknown) if (sampled.contains(j.frame())) out.add(j);
        }
        return List.copyOf(out);
    }

    /**
     * The estimate of each of {@code jobs}: history, else its own preview's, else interpolated from the previews of
     * its animation's other frames; a job with none of these (every preview of its animation failed) is absent.
     *
     * @param previews the statistics of the previews that finished, by the full-size job they preview
     */
    public static Map<RenderJob, CostEstimate> estimate(List<RenderJob> jobs,
            Function<RenderJob, Optional<CostEstimate>> history, Map<RenderJob, RenderStatistics> previews) {
        Map<RenderJob, CostEstimate> out = new HashMap<>();
        for (List<RenderJob> animation : animations(jobs).values()) {
            Map<Frame, CostEstimate> sampled = new HashMap<>();
            List<RenderJob> rest = new ArrayList<>();
            for (RenderJob j : animation) {
                Optional<CostEstimate> known = history.apply(j);
                RenderStatistics preview = previews.get(j);
                if (known.isPresent()) {
                    out.put(j, known.get());
                } else if (preview != null) {
                    CostEstimate e = PreviewRender.DEFAULT.estimate(j.size(), preview);
                    out.put(j, e);
                    sampled.put(j.frame(), e);
                } else {
                    rest.add(j);
                }
            }
            if (rest.isEmpty() || sampled.isEmpty()) continue;
            List<CostEstimate> filled = FrameSampling.interpolate(rest.stream().map(RenderJob::frame).toList(), sampled);
            for (int i = 0; i < rest.size(); i++) out.put(rest.get(i), filled.get(i));
        }
        return out;
    }

    /** The jobs grouped by everything but their frame, in their order. */
    private static Map<RenderJob, List<RenderJob>> animations(List<RenderJob> jobs) {
        Map<RenderJob, List<RenderJob>> groups = new LinkedHashMap<>();
        for (RenderJob j : jobs) groups.computeIfAbsent(j.withFrame(Frame.STILL), k -> new ArrayList<>()).add(j);
        return groups;
    }
}
