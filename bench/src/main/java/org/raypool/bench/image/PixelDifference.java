package org.raypool.bench.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether two decoded images hold the same pixels: the same size and, pixel by pixel, the same colour and alpha
 * samples at full precision (a 16-bit PNG is compared in 16 bits). Metadata (POV-Ray's render date, chunk layout,
 * compression) plays no part. An image without alpha equals one whose alpha is opaque everywhere, since a stitched
 * image may carry an opaque alpha channel that a whole-frame render without {@code +UA} leaves out; a palette image
 * is compared by its colours.
 */
public final class PixelDifference {
    private PixelDifference() {}

    /** Why {@code actual} does not have the pixels of {@code expected}; empty when it has. */
    public static Optional<String> of(BufferedImage expected, BufferedImage actual) {
        if (expected.getWidth() != actual.getWidth() || expected.getHeight() != actual.getHeight()) {
            return Optional.of("size " + expected.getWidth() + "x" + expected.getHeight() + " vs " + actual.getWidth()
                    + "x" + actual.getHeight());
        }
        BufferedImage a = withoutPalette(expected);
        BufferedImage b = withoutPalette(actual);
        ColorModel ca = a.getColorModel();
        ColorModel cb = b.getColorModel();
        int colours = ca.getNumColorComponents();
        if (colours != cb.getNumColorComponents()) {
            return Optional.of(colours + " vs " + cb.getNumColorComponents() + " colour channels");
        }
        int[] bitsA = ca.getComponentSize();
        int[] bitsB = cb.getComponentSize();
        if (!Arrays.equals(bitsA, 0, colours, bitsB, 0, colours)) {
            return Optional.of("bits per channel " + Arrays.toString(bitsA) + " vs " + Arrays.toString(bitsB));
        }
        Raster ra = a.getRaster();
        Raster rb = b.getRaster();
        int w = a.getWidth();
        int h = a.getHeight();
        int na = ra.getNumBands();
        int nb = rb.getNumBands();
        double opaqueA = ca.hasAlpha() ? (1L << bitsA[colours]) - 1 : 0;
        double opaqueB = cb.hasAlpha() ? (1L << bitsB[colours]) - 1 : 0;
        if (ca.hasAlpha() && cb.hasAlpha() && bitsA[colours] != bitsB[colours]) {
            return Optional.of("alpha bits " + bitsA[colours] + " vs " + bitsB[colours]);
        }
        double[] rowA = new double[w * na];
        double[] rowB = new double[w * nb];
        long differing = 0;
        String first = null;
        for (int y = 0; y < h; y++) {
            ra.getPixels(0, y, w, 1, rowA);
            rb.getPixels(0, y, w, 1, rowB);
            for (int x = 0; x < w; x++) {
                if (samePixel(rowA, x * na, na, opaqueA, rowB, x * nb, nb, opaqueB, colours)) continue;
                if (differing++ == 0) {
                    first = "(" + x + "," + y + ") " + pixel(rowA, x * na, na) + " vs " + pixel(rowB, x * nb, nb);
                }
            }
        }
        if (differing == 0) return Optional.empty();
        return Optional.of(differing + " of " + (long) w * h + " pixels differ, the first at " + first);
    }

    /** Colour samples equal, and alpha equal where both have it, else opaque where only one has it. */
    private static boolean samePixel(double[] a, int i, int na, double opaqueA, double[] b, int j, int nb,
            double opaqueB, int colours) {
        for (int c = 0; c < colours; c++) if (a[i + c] != b[j + c]) return false;
        double alphaA = na > colours ? a[i + colours] : opaqueB;
        double alphaB = nb > colours ? b[j + colours] : opaqueA;
        return na == colours && nb == colours || alphaA == alphaB;
    }

    private static String pixel(double[] row, int from, int bands) {
        StringBuilder s = new StringBuilder("[");
        for (int c = 0; c < bands; c++) {
            if (c > 0) s.append(',');
            double v = row[from + c];
            s.append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        }
        return s.append(']').toString();
    }

    private static BufferedImage withoutPalette(BufferedImage image) {
        if (!(image.getColorModel() instanceof IndexColorModel palette)) return image;
        BufferedImage argb = new BufferedImage(image.getWidth(), image.getHeight(),
                palette.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        argb.getGraphics().drawImage(image, 0, 0, null);
        return argb;
    }
}
