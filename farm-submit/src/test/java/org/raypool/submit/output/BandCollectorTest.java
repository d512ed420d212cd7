package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/**
 * Bands in the output folder: kept in {@code .bands} until the frame is complete, then stitched, recorded (bands
 * with their rows, the frame with the bands' seconds and workers) and removed; a new collector (a re-run) finds the
 * bands an interrupted run left and needs only the missing ones.
 */
class BandCollectorTest {
    @TempDir
    Path tmp;

    private static final RenderJob FRAME = RenderJob.wholeFrame(Path.of("scenes", "knot.pov"), new ImageSize(8, 70),
            RenderOptions.defaults());
    private static final List<RenderJob> BANDS = Band.split(70, 3).stream().map(FRAME::withBand).toList();

    private static BufferedImage picture() {
        BufferedImage image = new BufferedImage(8, 70, BufferedImage.TYPE_4BYTE_ABGR);
        WritableRaster r = image.getRaster();
        for (int y = 0; y < 70; y++) for (int x = 0; x < 8; x++) r.setPixel(x, y, new int[] {x * 30, y, 255 - y, 100 + x});
        return image;
    }

    /** The band's file as POV-Ray writes it: the frame's size, the other rows blank. */
    private static byte[] bandFile(BufferedImage frame, Band band) throws Exception {
        BufferedImage b = new BufferedImage(8, 70, BufferedImage.TYPE_4BYTE_ABGR);
        b.getRaster().setRect(frame.getRaster().createChild(0, band.startRow() - 1, 8, band.rows(), 0,
                band.startRow() - 1, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(b, "png", out);
        return out.toByteArray();
    }

    private static Manifest.Provenance made(String worker, double seconds) {
        return new Manifest.Provenance("band-hash", seconds, worker, Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void bandsWaitInAHiddenFolderAndTheLastOneStitchesTheFrame() throws Exception {
        BufferedImage picture = picture();
        OutputCollector output = new OutputCollector(tmp.resolve("out"));
        output.prepare();
        output.expectBands(FRAME, BANDS, "frame-hash");
        assertTrue(output.storeImage(BANDS.get(2), bandFile(picture, BANDS.get(2).band()), Optional.empty(),
                made("w1", 1.0), OutputCollectorTest.OPEN));
        assertTrue(output.storeImage(BANDS.get(0), bandFile(picture, BANDS.get(0).band()), Optional.empty(),
                made("w2", 2.0), OutputCollectorTest.OPEN));
        assertEquals(tmp.resolve("out/.bands/knot-8-70-rows1-32.png"), output.imageFile(BANDS.get(0)));
        assertTrue(Files.isRegularFile(output.imageFile(BANDS.get(0))));
        assertFalse(Files.exists(output.imageFile(FRAME)), "no frame before its last band");

        // a re-run: a new collector, the two bands are there and up to date, only the middle one is rendered
        OutputCollector again = new OutputCollector(tmp.resolve("out"));
        again.prepare();
        again.expectBands(FRAME, BANDS, "frame-hash");
        Map<String, Manifest.Entry> entries = again.manifest().read();
        assertEquals(OutputCollector.Freshness.UP_TO_DATE, again.freshness(BANDS.get(0), "band-hash", entries));
        assertEquals(OutputCollector.Freshness.MISSING, again.freshness(BANDS.get(1), "band-hash", entries));
        assertFalse(again.stitchIfComplete(FRAME));
        assertTrue(again.storeImage(BANDS.get(1), bandFile(picture, BANDS.get(1).band()), Optional.empty(),
                made("w1", 4.0), OutputCollectorTest.OPEN));

        BufferedImage stitched = ImageIO.read(again.imageFile(FRAME).toFile());
        assertArrayEquals(picture.getRaster().getPixels(0, 0, 8, 70, (int[]) null),
                stitched.getRaster().getPixels(0, 0, 8, 70, (int[]) null), "every sample, alpha too");
        assertFalse(Files.exists(tmp.resolve("out/.bands")), "the band files are gone once the frame is stitched");
        entries = again.manifest().read();
        Manifest.Entry frame = entries.get("knot-8-70.png");
        assertEquals("frame-hash", frame.inputs());
        assertEquals(7.0, frame.seconds(), 1e-9);
        assertEquals("w2,w1", frame.worker(), "in band order");
        assertFalse(frame.isBand());
        Manifest.Entry band = entries.get("knot-8-70-rows33-64.png");
        assertEquals(33, band.startRow());
        assertEquals(64, band.endRow());
        assertTrue(band.isBand());
        assertEquals(OutputCollector.Freshness.UP_TO_DATE, again.freshness(FRAME, "frame-hash", entries));
        assertTrue(again.stitchIfComplete(FRAME), "stitched once; asking again is harmless");
    }
}
