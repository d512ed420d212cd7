package org.raypool.bench.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PixelDifferenceTest {

    private static BufferedImage filled(int type, int argb) {
        BufferedImage image = new BufferedImage(4, 3, type);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) image.setRGB(x, y, argb);
        return image;
    }

    @Test
    void sameRgbPixelsAreEqual() {
        assertEquals(Optional.empty(), PixelDifference.of(filled(BufferedImage.TYPE_3BYTE_BGR, 0xff102030),
                filled(BufferedImage.TYPE_INT_RGB, 0xff102030)));
    }

    @Test
    void oneChangedSampleIsFoundAndLocated() {
        BufferedImage b = filled(BufferedImage.TYPE_INT_RGB, 0xff102030);
        b.setRGB(2, 1, 0xff102031);
        assertEquals(Optional.of("1 of 12 pixels differ, the first at (2,1) [16,32,48] vs [16,32,49]"),
                PixelDifference.of(filled(BufferedImage.TYPE_INT_RGB, 0xff102030), b));
    }

    @Test
    void alphaCounts() {
        BufferedImage b = filled(BufferedImage.TYPE_INT_ARGB, 0xff102030);
        b.setRGB(0, 0, 0x80102030);
        assertEquals(Optional.of("1 of 12 pixels differ, the first at (0,0) [16,32,48,255] vs [16,32,48,128]"),
                PixelDifference.of(filled(BufferedImage.TYPE_INT_ARGB, 0xff102030), b));
    }

    @Test
    void missingAlphaEqualsOpaqueAlphaOnly() {
        BufferedImage rgb = filled(BufferedImage.TYPE_INT_RGB, 0xff102030);
        assertEquals(Optional.empty(), PixelDifference.of(rgb, filled(BufferedImage.TYPE_INT_ARGB, 0xff102030)));
        BufferedImage translucent = filled(BufferedImage.TYPE_INT_ARGB, 0xff102030);
        translucent.setRGB(3, 2, 0xfe102030);
        assertTrue(PixelDifference.of(rgb, translucent).orElseThrow().startsWith("1 of 12 pixels differ"));
        assertTrue(PixelDifference.of(translucent, rgb).orElseThrow().startsWith("1 of 12 pixels differ"));
    }

    @Test
    void sixteenBitSamplesAreComparedInSixteenBits() {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        BufferedImage b = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        a.getRaster().setSample(1, 0, 0, 0x1234);
        b.getRaster().setSample(1, 0, 0, 0x1235); // the same in 8 bits
        assertEquals(Optional.of("1 of 2 pixels differ, the first at (1,0) [4660] vs [4661]"), PixelDifference.of(a, b));
        assertEquals(Optional.of("bits per channel [16] vs [8]"),
                PixelDifference.of(a, new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void sizeAndChannelsMustMatch() {
        assertEquals(Optional.of("size 4x3 vs 3x4"), PixelDifference.of(filled(BufferedImage.TYPE_INT_RGB, 0),
                new BufferedImage(3, 4, BufferedImage.TYPE_INT_RGB)));
        assertEquals(Optional.of("3 vs 1 colour channels"), PixelDifference.of(filled(BufferedImage.TYPE_INT_RGB, 0),
                new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void aPaletteImageIsComparedByItsColours() {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, 0x10}, new byte[] {0, 0x20},
                new byte[] {0, 0x30});
        BufferedImage indexed = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) indexed.getRaster().setSample(x, y, 0, 1);
        assertEquals(Optional.empty(), PixelDifference.of(indexed, filled(BufferedImage.TYPE_INT_RGB, 0xff102030)));
    }
}
