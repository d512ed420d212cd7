package org.raypool.submit.plan;

/**
 * What one whole frame is expected to cost on one worker slot, in seconds, split the way bands pay it (see
 * docs/bands-auto.md): {@code fixedSeconds} every render of the frame pays again (parsing, bounding, photons,
 * radiosity), {@code traceSeconds} is shared by the bands in proportion to their rows.
 */
public record CostEstimate(double fixedSeconds, double traceSeconds, Source source) {

    /** Where an estimate comes from, for the user and for the docs' table. */
    public enum Source {
        /** The manifest's record of the same work at the same size. */
        HISTORY,
        /** The manifest's record of the same work at another size, scaled to this one. */
        HISTORY_SCALED,
        /** A preview render of this frame. */
        PREVIEW,
        /** Interpolated between previews of other frames of the same animation. */
        INTERPOLATED,
        /**
         * Neither history nor a preview: the batch has fewer frames than free slots, which would idle without
         * bands, so every such frame is taken as equally and very expensive and shared by the slots.
         */
        ASSUMED
    }

    /**
     * How trace time grows with the pixel count: as pixels^0.75, not pixels^1. POV-Ray's adaptive antialiasing
     * supersamples the pixels on edges, and a smaller image has more of its pixels on edges: knot.pov at +A0.3 takes
     * 2.67 samples per pixel at 40x30 and 0.65 at 640x480. Measured per 4-fold pixels on the example scenes: trace
     * time x2.5 to x3.3 on the scenes that take long enough to measure (docs/bands-auto.md), and 4^0.75 = 2.83.
     */
    public static final double PIXEL_EXPONENT = 0.75;

    public CostEstimate {
        if (!(fixedSeconds >= 0) || !(traceSeconds >= 0) || Double.isInfinite(fixedSeconds + traceSeconds)) {
            throw new IllegalArgumentException("cost estimates must be finite and >= 0, got " + fixedSeconds + " + "
                    + traceSeconds + " s");
        }
        if (source == null) throw new IllegalArgumentException("a cost estimate needs its source");
    }

    /** The whole frame rendered as one job. */
    public double seconds() {
        return fixedSeconds + traceSeconds;
    }

    /** One band of {@code rows} of a frame {@code height} rows high. */
    public double bandSeconds(int rows, int height) {
        return fixedSeconds + traceSeconds * rows / height;
    }

    /** This estimate for an image of {@code pixelRatio} times the pixels: the trace scales, the fixed part stays. */
    public CostEstimate scaled(double pixelRatio, Source as) {
        if (!(pixelRatio > 0) || Double.isInfinite(pixelRatio)) {
            throw new IllegalArgumentException("a pixel ratio must be > 0, got " + pixelRatio);
        }
        return new CostEstimate(fixedSeconds, traceSeconds * Math.pow(pixelRatio, PIXEL_EXPONENT), as);
    }

    public CostEstimate withSource(Source value) {
        return new CostEstimate(fixedSeconds, traceSeconds, value);
    }
}
