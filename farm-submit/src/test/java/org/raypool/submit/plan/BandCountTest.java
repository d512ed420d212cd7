package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** {@code --bands N|auto}; auto gives one band per frame until its planner is wired in. */
class BandCountTest {
    private static final RenderJob FRAME = RenderJob.wholeFrame(Path.of("a.pov"), new ImageSize(64, 480),
            RenderOptions.defaults());

    @Test
    void aNumberOrAuto() {
        assertEquals(4, BandCount.parse("4").perFrame().applyAsInt(FRAME));
        assertEquals(1, BandCount.ONE.perFrame().applyAsInt(FRAME));
        BandCount auto = BandCount.parse("AUTO");
        assertTrue(auto.auto());
        assertEquals(1, auto.perFrame().applyAsInt(FRAME));
        assertThrows(IllegalArgumentException.class, () -> BandCount.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> BandCount.parse("-2"));
        assertThrows(IllegalArgumentException.class, () -> BandCount.parse("2.5"));
    }
}
