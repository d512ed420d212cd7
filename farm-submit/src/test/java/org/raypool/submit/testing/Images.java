package org.raypool.submit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** PNGs for tests: solid ones, local POV-Ray renders, and pixel-for-pixel comparison. */
public final class Images {
    private Images() {}

    public static byte[] solidPng(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) image.setRGB(x, y, rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** Renders {@code scene} with plain povray in its own folder, as a user would, with the options farm-submit uses. */
    public static BufferedImage renderLocally(Path scene, int width, int height, String antialias, Path work)
            throws Exception {
        Path png = work.resolve("local-" + scene.getFileName() + "-" + width + "x" + height + ".png");
        Path log = work.resolve("local-" + scene.getFileName() + ".txt");
        Process p = new ProcessBuilder(List.of("povray", scene.getFileName().toString(), "+WT1", "+W" + width, "+H" + height,
                antialias, "-D", "+FN", "+O" + png)).directory(scene.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "local povray took too long");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return ImageIO.read(png.toFile());
    }

    public static void assertSamePixels(BufferedImage expected, Path actualPng) throws IOException {
        BufferedImage actual = ImageIO.read(actualPng.toFile());
        assertEquals(expected.getWidth(), actual.getWidth(), "width of " + actualPng);
        assertEquals(expected.getHeight(), actual.getHeight(), "height of " + actualPng);
        int w = expected.getWidth();
        int h = expected.getHeight();
        int[] a = expected.getRGB(0, 0, w, h, null, 0, w);
        int[] b = actual.getRGB(0, 0, w, h, null, 0, w);
        int differing = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differing++;
        assertEquals(0, differing, "pixels of " + actualPng + " differing from a local POV-Ray render");
    }

    /** The example scenes of examples-povray. */
    public static Path examples() {
        Path scenes = Path.of(System.getProperty("raypool.examples", "../examples-povray")).resolve("scenes");
        assertTrue(Files.isDirectory(scenes), "example scenes not found at " + scenes.toAbsolutePath());
        return scenes;
    }
}
