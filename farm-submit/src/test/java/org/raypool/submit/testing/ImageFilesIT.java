package org.raypool.submit.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImageFiles#sameApartFromTimestamps} on real POV-Ray files in every output type: the same scene rendered
 * in two different seconds (so every time stamp differs) is the same; the scene with one pixel changed is not.
 */
class ImageFilesIT {
    /** A gradient seen by an orthographic camera, one world unit per pixel; {@code Dot} adds one yellow pixel. */
    private static final String SCENE = """
            #version 3.7;
            global_settings { assumed_gamma 1.0 }
            camera { orthographic location <16, 12, -10> right <32, 0, 0> up <0, 24, 0> look_at <16, 12, 0> }
            plane { z, 0 pigment { gradient x color_map { [0 rgb <0.1, 0.2, 0.8>] [1 rgb <0.9, 0.6, 0.1>] } scale 32 }
              finish { emission 1 diffuse 0 } }
            #ifdef (Dot)
            box { <10, 7, -1>, <11, 8, -0.5> pigment { rgb <1, 1, 0> } finish { emission 1 diffuse 0 } }
            #end
            """;
    private static final List<String> TYPES = List.of("N", "N16", "T", "C", "P", "J", "E", "H", "B");

    @TempDir
    static Path tmp;

    private static final Map<String, Path> first = new HashMap<>();
    private static final Map<String, Path> second = new HashMap<>();
    private static final Map<String, Path> dot = new HashMap<>();

    @BeforeAll
    static void renderEveryTypeInTwoDifferentSeconds() throws Exception {
        Path scene = Files.writeString(tmp.resolve("dot.pov"), SCENE);
        // each run is mostly POV-Ray waiting (0.7 s wall for 0.02 s CPU here), so they run side by side
        ExecutorService pool = Executors.newFixedThreadPool(TYPES.size() * 2);
        try {
            renderAll(pool, scene, "first", first);
            // POV-Ray's time stamps count seconds: the next renders start in a later second than the first ones ended
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 50);
            renderAll(pool, scene, "second", second);
            renderAll(pool, scene, "dot", dot, "Declare=Dot=1");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void renderAll(ExecutorService pool, Path scene, String label, Map<String, Path> into, String... extra)
            throws Exception {
        Map<String, Future<Path>> runs = new HashMap<>();
        for (String t : TYPES) {
            List<String> switches = new ArrayList<>(List.of("+W32", "+H24", "-A", "+F" + t));
            switches.addAll(List.of(extra));
            runs.put(t, pool.submit(() -> only(PovrayReference.render(scene, tmp, label + "-" + t,
                    switches.toArray(String[]::new)))));
        }
        for (String t : TYPES) into.put(t, runs.get(t).get());
    }

    private static Path only(PovrayReference.Rendered r) {
        assertEquals(1, r.files().size(), r.names().toString());
        return r.files().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"N", "N16", "T", "C", "P", "J", "E", "H"})
    void twoRendersOfTheSameSceneDifferInTheirTimeStampsAloneAndAreTheSame(String type) throws Exception {
        Path a = first.get(type);
        Path b = second.get(type);
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)),
                "POV-Ray stamps +F" + type + " files with the time");
        assertEquals(java.util.Optional.empty(), ImageFiles.difference(a, b));
        assertTrue(ImageFiles.sameApartFromTimestamps(b, a));
    }

    @Test
    void bmpHasNoTimeStampAtAll() throws Exception {
        assertArrayEquals(Files.readAllBytes(first.get("B")), Files.readAllBytes(second.get("B")));
        assertTrue(ImageFiles.sameApartFromTimestamps(first.get("B"), second.get("B")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"N", "N16", "T", "C", "P", "J", "E", "H", "B"})
    void onePixelChangedIsNotTheSame(String type) throws Exception {
        assertFalse(ImageFiles.sameApartFromTimestamps(second.get(type), dot.get(type)),
                ImageFiles.difference(second.get(type), dot.get(type)).orElse("no difference found"));
        assertFalse(ImageFiles.sameApartFromTimestamps(dot.get(type), first.get(type)));
    }

    @Test
    void theDotIsExactlyOnePixel() throws Exception {
        BufferedImage plain = ImageIO.read(second.get("N").toFile());
        BufferedImage changed = ImageIO.read(dot.get("N").toFile());
        int differing = 0;
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) if (plain.getRGB(x, y) != changed.getRGB(x, y)) differing++;
        }
        assertEquals(1, differing);
        assertEquals(0xffffff00, changed.getRGB(10, 16));
    }

    @Test
    void aFileThatIsCutShortIsNotTheSame() throws Exception {
        for (String type : TYPES) {
            byte[] whole = Files.readAllBytes(first.get(type));
            Path cut = Files.write(tmp.resolve("cut-" + type), Arrays.copyOf(whole, whole.length - 1));
            assertFalse(ImageFiles.sameApartFromTimestamps(first.get(type), cut), type);
        }
    }
}
