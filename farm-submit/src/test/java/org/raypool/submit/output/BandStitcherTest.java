package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.OutputFormat;

/**
 * Stitching on images made in memory: band files as POV-Ray writes them (the whole frame's size, other rows blank)
 * in every format that is split, 8 and 16 bits, with and without alpha, give back every sample of the frame.
 */
class BandStitcherTest {
    private static final int W = 37;
    private static final int H = 100;

    private static BufferedImage frame(int bits, boolean alpha, long seed) {
        BufferedImage image;
        if (bits == 8) {
            image = new BufferedImage(W, H, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        } else {
            ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
            image = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        }
        Random random = new Random(seed);
        WritableRaster r = image.getRaster();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int b = 0; b < r.getNumBands(); b++) r.setSample(x, y, b, random.nextInt(1 << bits));
            }
        }
        return image;
    }

    /** The band as POV-Ray writes it: the frame's size, only the band's rows drawn. */
    private static BufferedImage bandOf(BufferedImage frame, Band band, boolean fullHeight) {
        WritableRaster r = frame.getColorModel().createCompatibleWritableRaster(W, fullHeight ? H : band.rows());
        int offset = fullHeight ? 0 : band.startRow() - 1;
        r.setRect(0, -offset, frame.getRaster().createChild(0, band.startRow() - 1, W, band.rows(), 0,
                band.startRow() - 1, null));
        return new BufferedImage(frame.getColorModel(), r, frame.isAlphaPremultiplied(), null);
    }

    private static byte[] encode(BufferedImage image, String codec) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(codec).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), writer.getDefaultWriteParam());
        }
        return bytes.toByteArray();
    }

    private static void assertSameSamples(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        assertEquals(expected.getRaster().getNumBands(), actual.getRaster().getNumBands(), "channels");
        assertEquals(expected.getColorModel().getComponentSize(0), actual.getColorModel().getComponentSize(0), "bits");
        int[] a = expected.getRaster().getPixels(0, 0, W, H, (int[]) null);
        int[] b = actual.getRaster().getPixels(0, 0, W, H, (int[]) null);
        assertArrayEquals(a, b, "samples");
    }

    @ParameterizedTest(name = "{0} {1}-bit alpha={2}")
    @CsvSource({"PNG, png, 8, false", "PNG, png, 8, true", "PNG, png, 16, false", "PNG, png, 16, true",
            "TGA, tga, 8, false", "TGA, tga, 8, true", "TGA_COMPRESSED, tga, 8, true", "PPM, pnm, 8, false",
            "BMP, bmp, 8, false"})
    void bandsOfTheFrameSizeStitchIntoEverySampleOfTheFrame(OutputFormat format, String codec, int bits, boolean alpha)
            throws Exception {
        BufferedImage frame = frame(bits, alpha, 42);
        List<BandStitcher.Part> parts = new ArrayList<>();
        for (Band b : Band.split(H, 3)) parts.add(new BandStitcher.Part(b, encode(bandOf(frame, b, true), codec)));
        byte[] stitched = BandStitcher.stitch(format, W, H, List.of(parts.get(2), parts.get(0), parts.get(1)));
        assertTrue(format.matches(stitched), "a " + format + " file");
        assertSameSamples(frame, ImageIO.read(new ByteArrayInputStream(stitched)));
        if (codec.equals("tga")) {
            // Targa image type (byte 2): 2/3 uncompressed, 10/11 run-length encoded, as +FT and +FC write
            assertEquals(format == OutputFormat.TGA_COMPRESSED, stitched[2] >= 9, "image type " + stitched[2]);
        }
    }

    @Test
    void bandFilesHoldingOnlyTheirRowsStitchToo() throws Exception {
        BufferedImage frame = frame(16, true, 7);
        List<BandStitcher.Part> parts = new ArrayList<>();
        for (Band b : Band.split(H, 4)) parts.add(new BandStitcher.Part(b, encode(bandOf(frame, b, false), "png")));
        assertSameSamples(frame, ImageIO.read(new ByteArrayInputStream(BandStitcher.stitch(OutputFormat.PNG, W, H, parts))));
    }

    @Test
    void missingOverlappingOrOtherSizedBandsAreRefusedNamingTheRows() throws Exception {
        BufferedImage frame = frame(8, false, 1);
        byte[] top = encode(bandOf(frame, new Band(1, 32), true), "png");
        byte[] rest = encode(bandOf(frame, new Band(33, 100), true), "png");
        BandStitcher.StitchException gap = assertThrows(BandStitcher.StitchException.class, () -> BandStitcher.stitch(
                OutputFormat.PNG, W, H, List.of(new BandStitcher.Part(new Band(1, 32), top))));
        assertTrue(gap.getMessage().contains("end at row 32"), gap.getMessage());
        BandStitcher.StitchException twice = assertThrows(BandStitcher.StitchException.class, () -> BandStitcher.stitch(
                OutputFormat.PNG, W, H, List.of(new BandStitcher.Part(new Band(1, 32), top),
                        new BandStitcher.Part(new Band(1, 32), top), new BandStitcher.Part(new Band(33, 100), rest))));
        assertTrue(twice.getMessage().contains("exactly once"), twice.getMessage());
        BandStitcher.StitchException size = assertThrows(BandStitcher.StitchException.class, () -> BandStitcher.stitch(
                OutputFormat.PNG, W + 1, H, List.of(new BandStitcher.Part(new Band(1, 32), top),
                        new BandStitcher.Part(new Band(33, 100), rest))));
        assertTrue(size.getMessage().contains("not 38x100"), size.getMessage());
        assertThrows(BandStitcher.StitchException.class, () -> BandStitcher.stitch(OutputFormat.PNG, W, H,
                List.of(new BandStitcher.Part(new Band(1, 32), new byte[] {1, 2, 3}),
                        new BandStitcher.Part(new Band(33, 100), rest))));
    }

    @Test
    void onlyLosslessFormatsAreStitched() {
        assertTrue(BandStitcher.canStitch(OutputFormat.PNG));
        assertTrue(BandStitcher.canStitch(OutputFormat.TGA_COMPRESSED));
        assertFalse(BandStitcher.canStitch(OutputFormat.EXR));
        assertFalse(BandStitcher.canStitch(OutputFormat.JPEG));
        assertFalse(BandStitcher.canStitch(OutputFormat.HDR));
    }
}
