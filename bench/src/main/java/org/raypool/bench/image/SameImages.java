package org.raypool.bench.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The benchmarks' image check: {@code SameImages EXPECTED ACTUAL [EXPECTED ACTUAL]...} prints one line per pair,
 * "same: ACTUAL" or "DIFFERENT: ACTUAL: why", and exits 0 when every pair has the same pixels ({@link
 * PixelDifference}), 1 when one does not or cannot be read, 2 for a usage mistake. Reads what ImageIO reads with
 * the TwelveMonkeys plugins: PNG, Targa, PPM, BMP, Radiance HDR, JPEG.
 */
public final class SameImages {
    private SameImages() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args.length % 2 != 0) {
            err.println("SameImages: give pairs of images, EXPECTED ACTUAL [EXPECTED ACTUAL]...");
            return 2;
        }
        ImageIO.scanForPlugins();
        int exit = 0;
        for (int i = 0; i < args.length; i += 2) {
            Path expected = Path.of(args[i]);
            Path actual = Path.of(args[i + 1]);
            Optional<String> why;
            try {
                why = PixelDifference.of(read(expected), read(actual));
            } catch (IOException e) {
                why = Optional.of(e.getMessage());
            }
            if (why.isPresent()) {
                out.println("DIFFERENT: " + actual + ": " + why.get() + " (expected " + expected + ")");
                exit = 1;
            } else {
                out.println("same: " + actual);
            }
        }
        return exit;
    }

    private static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("no file " + file);
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) throw new IOException("no ImageIO reader for " + file + " (PNG, TGA, PPM, BMP, HDR, JPEG)");
        return image;
    }
}
