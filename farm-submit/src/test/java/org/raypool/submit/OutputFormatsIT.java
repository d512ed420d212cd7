package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;

/**
 * quickstart.pov through the farm in every file type POV-Ray 3.7 writes, chosen with a switch on farm-submit's
 * command line: the output has POV-Ray's extension, is POV-Ray's own file of a local render apart from the time
 * stamps, and the contact sheet shows a thumbnail of it with the image's proportions.
 */
class OutputFormatsIT {
    private static final Pattern IMG = Pattern.compile("<img[^>]*\\ssrc=\"([^\"]+)\"");

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    @ParameterizedTest(name = "+F{0} -> {1}")
    @CsvSource({"N, .png", "N16, .png", "T, .tga", "C, .tga", "P, .ppm", "J, .jpg", "E, .exr", "H, .hdr", "B, .bmp"})
    void theOutputIsPovraysOwnFileWithItsExtensionAndHasAThumbnail(String type, String extension) throws Exception {
        Path scene = Images.examples().resolve("quickstart.pov");
        PovrayReference.Rendered local = PovrayReference.render(scene, tmp, "local-" + type, "+W48", "+H36", "+A0.3",
                "+F" + type);
        Path output = tmp.resolve("output-" + type);
        ProcessFarm.Submitted run = FARM.farm().submit(output, scene.toString(), "+W48", "+H36", "+A0.3", "+F" + type);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.json().count("rendered"), run.stdout());

        Path image = output.resolve("quickstart-48-36" + extension);
        assertTrue(Files.isRegularFile(image), "no " + image.getFileName() + " in " + list(output));
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("quickstart" + extension), image));

        String sheet = Files.readString(output.resolve("index.html"));
        List<String> thumbnails = new ArrayList<>();
        Matcher m = IMG.matcher(sheet);
        while (m.find()) thumbnails.add(m.group(1));
        List<String> ours = thumbnails.stream().filter(t -> t.contains("quickstart-48-36")).toList();
        assertEquals(1, ours.size(), "one picture of quickstart-48-36 on the contact sheet: " + sheet);
        Path thumbnail = output.resolve(ours.get(0));
        assertTrue(thumbnail.normalize().startsWith(output) && Files.isRegularFile(thumbnail), "thumbnail " + thumbnail);
        // what the JDK reads (PNG, JPEG, BMP, GIF) a browser shows too; Targa, PPM, EXR and HDR it does not
        BufferedImage shown = ImageIO.read(thumbnail.toFile());
        assertNotNull(shown, "the thumbnail is an image a browser shows: " + thumbnail);
        assertEquals(48.0 / 36.0, (double) shown.getWidth() / shown.getHeight(), 0.05,
                "the thumbnail keeps the proportions: " + shown.getWidth() + "x" + shown.getHeight());
        assertTrue(distinctColours(shown) > 8, "the thumbnail shows the picture, not a blank: " + thumbnail);
        String figure = sheet.substring(sheet.indexOf(ours.get(0)));
        figure = figure.substring(0, figure.indexOf("</figure>"));
        String worker = String.valueOf(run.json().scene("quickstart-48-36").get("worker")).replaceFirst(" \\(.*", "");
        assertTrue(figure.contains(worker.substring(worker.lastIndexOf(' ') + 1)), "the worker " + worker + ": " + figure);
        assertTrue(figure.contains("+F" + type) && figure.contains("+A0.3"), "the options: " + figure);
        assertTrue(figure.matches("(?s).*\\d+\\.\\d s.*"), "the render time: " + figure);
        System.out.printf("OutputFormatsIT: +F%s -> %s (%d bytes) in %.1f s, equal to local povray apart from time "
                + "stamps; thumbnail %s %dx%d%n", type, image.getFileName(), Files.size(image), run.seconds(),
                output.relativize(thumbnail), shown.getWidth(), shown.getHeight());
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }

    private static List<String> list(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) return List.of();
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
