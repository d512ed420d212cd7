package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** The most a job's results may be: the formula on values, and that it leaves room for what POV-Ray really writes. */
class DownloadBoundTest {

    private static RenderJob job(int width, int height, OutputFormat format) {
        return RenderJob.wholeFrame(Path.of("scene.pov"), new ImageSize(width, height), RenderOptions.defaults())
                .withFormat(format);
    }

    @Test
    void theFormulaForA64x48Png() {
        long image = 65_536 + 48 * (16 + 64 * 8);        // 90,880
        image += image / 64;                               // 92,300
        long content = image + (1 << 20) + 4096;           // 1,144,972
        assertEquals(content + content / 64 + 65_536, DownloadBound.forJob(job(64, 48, OutputFormat.PNG)));
        assertEquals(1_228_398, DownloadBound.forJob(job(64, 48, OutputFormat.PNG)));
    }

    @Test
    void openExrCarriesItsPreviewAndTheWidestPixel() {
        long png = DownloadBound.forJob(job(640, 480, OutputFormat.PNG));
        long exr = DownloadBound.forJob(job(640, 480, OutputFormat.EXR));
        assertTrue(exr > png + 640L * 480 * 8 + (1 << 20) - 1, exr + " vs " + png);
    }

    @Test
    void aBandIsBoundedByItsWholeFrameAndTheBoundGrowsWithTheImage() {
        RenderJob whole = job(1024, 768, OutputFormat.TGA);
        assertEquals(DownloadBound.forJob(whole), DownloadBound.forJob(whole.withBand(new Band(1, 32))));
        assertTrue(DownloadBound.forJob(job(2048, 1536, OutputFormat.TGA)) > 3 * DownloadBound.forJob(whole));
        long huge = DownloadBound.forJob(job(999_999, 999_999, OutputFormat.EXR));
        assertTrue(huge > 16L * 999_999 * 999_999, "no overflow at the largest size --size takes: " + huge);
    }

    /**
     * Above what POV-Ray 3.7.0 wrote here for a 256x256 granite at scale 0.0005 (noise, nothing to compress) with +UA:
     * BMP 4.00, compressed Targa 4.01, Targa 4.01, PNG 16-bit 3.75, PPM 16-bit 6.00, HDR 3.42, EXR 5.09, JPEG quality
     * 100 1.66 bytes per pixel.
     */
    @Test
    void everyFormatHasRoomForNoiseAsPovrayWritesIt() {
        double[][] measured = {{OutputFormat.BMP.ordinal(), 4.00}, {OutputFormat.TGA_COMPRESSED.ordinal(), 4.01},
            {OutputFormat.TGA.ordinal(), 4.01}, {OutputFormat.PNG.ordinal(), 3.75}, {OutputFormat.PPM.ordinal(), 6.00},
            {OutputFormat.HDR.ordinal(), 3.42}, {OutputFormat.EXR.ordinal(), 5.09}, {OutputFormat.JPEG.ordinal(), 1.66}};
        for (double[] m : measured) {
            OutputFormat f = OutputFormat.values()[(int) m[0]];
            long file = Math.round(256 * 256 * m[1]);
            long imagePart = DownloadBound.forJob(job(256, 256, f)) - DownloadBound.forJob(job(1, 1, f));
            assertTrue(imagePart > file, f + ": " + imagePart + " for a file of " + file);
        }
    }
}
