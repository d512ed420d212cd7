package org.raypool.bench.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameImagesTest {
    @TempDir
    Path dir;

    private Path png(String name, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) image.setRGB(x, y, rgb);
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void namesEveryPairAndFailsOnTheOneThatDiffers() throws IOException {
        Path a = png("a.png", 0x123456);
        Path b = png("b.png", 0x123456);
        Path c = png("c.png", 0x123457);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SameImages.run(new String[] {a.toString(), b.toString(), a.toString(), c.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, exit);
        assertEquals("same: " + b, lines[0]);
        assertTrue(lines[1].startsWith("DIFFERENT: " + c + ": 6 of 6 pixels differ"), lines[1]);
    }

    @Test
    void aMissingImageIsADifferenceAndAnOddArgumentCountAUsageMistake() throws IOException {
        Path a = png("a.png", 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(1, SameImages.run(new String[] {a.toString(), dir.resolve("none.png").toString()}, sink, sink));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no file " + dir.resolve("none.png")));
        assertEquals(2, SameImages.run(new String[] {a.toString()}, sink, sink));
    }
}
