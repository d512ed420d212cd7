package org.raypool.submit.plan;

import java.util.function.ToIntFunction;
import org.raypool.submit.pack.RenderJob;

/**
 * {@code --bands N|auto}: how many bands each frame is cut into. A number N >= 1 gives every frame N bands (fewer
 * when the frame has fewer 32-row blocks, docs/bands.md); {@code auto} plans whole frames here, which farm-submit
 * then splits where that shortens the batch (AutoBands, docs/bands-auto.md).
 */
public record BandCount(boolean auto, int count) {
    public static final BandCount ONE = new BandCount(false, 1);
    private static final int MAX = 1024;

    public BandCount {
        if (count < 1 || count > MAX) throw new IllegalArgumentException("the number of bands must be 1.." + MAX + ", got " + count);
    }

    /** {@code --bands}'s value: "auto" or a whole number 1..1024. */
    public static BandCount parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("auto")) return new BandCount(true, 1);
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a number of bands like 4 nor 'auto'");
        }
        if (n < 1 || n > MAX) throw new IllegalArgumentException("give 1.." + MAX + " bands (1 renders whole frames), not " + n);
        return new BandCount(false, n);
    }

    /** The planner's hook: frame -> number of bands. */
    public ToIntFunction<RenderJob> perFrame() {
        int n = count;
        return frame -> n;
    }
}
