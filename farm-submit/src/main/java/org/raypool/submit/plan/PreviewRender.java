package org.raypool.submit.plan;

import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;

/**
 * A small, fast render of a frame that tells what the frame will cost (docs/bands-auto.md): the same scene, INI,
 * options (antialiasing kept: it is much of the cost), frame and format, the whole frame, at the size divided by
 * {@code divisor} per axis and at least {@code minPixels} per axis.
 *
 * <p>Its output file is named like a real render of that size ({@code knot-80-60.png}): it is for its statistics only
 * and must never be committed to the output folder.
 */
public record PreviewRender(int divisor, int minPixels) {

    /** 1/8 per axis: 1/64 of the pixels, about 1/23 of the trace time ({@link CostEstimate#PIXEL_EXPONENT}). */
    public static final PreviewRender DEFAULT = new PreviewRender(8, 8);

    public PreviewRender {
        if (divisor < 1 || minPixels < 2) {
            throw new IllegalArgumentException("a preview needs a divisor >= 1 and at least 2 pixels per axis, got 1/"
                    + divisor + " and " + minPixels);
        }
    }

    /** The preview's size for a frame of {@code full}: never larger than the frame itself. */
    public ImageSize size(ImageSize full) {
        return new ImageSize(axis(full.width()), axis(full.height()));
    }

    private int axis(int pixels) {
        return Math.min(pixels, Math.max(minPixels, Math.round((float) pixels / divisor)));
    }

    /** The preview job of {@code full} (which may be a band: the preview is always of the whole frame). */
    public RenderJob job(RenderJob full) {
        ImageSize size = size(full.size());
        return new RenderJob(full.scene(), full.ini(), size, full.frame(), Band.wholeFrame(size), full.options(),
                full.format());
    }

    /** The whole frame of {@code full}'s size, estimated from the statistics of its preview. */
    public CostEstimate estimate(ImageSize full, RenderStatistics preview) {
        ImageSize small = size(full);
        double ratio = (double) full.width() * full.height() / ((double) small.width() * small.height());
        return new CostEstimate(preview.fixedSeconds(), preview.traceSeconds(), CostEstimate.Source.PREVIEW)
                .scaled(ratio, CostEstimate.Source.PREVIEW);
    }
}
