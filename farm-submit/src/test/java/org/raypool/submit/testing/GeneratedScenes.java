package org.raypool.submit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cheap scenes for batch tests, each different, all rendering the same pixels every time (no radiosity, photons,
 * focal blur or jitter): a ring of reflective spheres around a glass one on a checker floor, seen from {@code count}
 * angles. About 0.3 s of CPU each at 240x180, 0.5 s at 320x240.
 */
public final class GeneratedScenes {
    private GeneratedScenes() {}

    /** Writes {@code prefix-00.pov} ... into {@code folder}; returns the files in order. */
    public static List<Path> write(Path folder, String prefix, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> scenes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path scene = folder.resolve(name(prefix, i) + ".pov");
            Files.writeString(scene, scene(i, count));
            scenes.add(scene);
        }
        return scenes;
    }

    public static String name(String prefix, int i) {
        return String.format(Locale.ROOT, "%s-%02d", prefix, i);
    }

    static String scene(int i, int count) {
        double angle = 2 * Math.PI * i / count;
        int spheres = 5 + i % 6;
        return String.format(Locale.ROOT, """
                #version 3.7;
                global_settings { assumed_gamma 1.0 max_trace_level 8 }
                camera { location <%.4f, %.2f, %.4f> look_at <0, 0.6, 0> angle 50 }
                light_source { <5, 8, -4> color rgb 1 }
                light_source { <-6, 5, 3> color rgb 0.4 }
                plane { y, 0 pigment { checker rgb <0.9, 0.9, 0.85> rgb <%.3f, 0.3, 0.5> } finish { reflection 0.2 } }
                #for (I, 0, %d)
                  sphere { <1.6 * cos(2 * pi * I / %d), 0.5, 1.6 * sin(2 * pi * I / %d)>, 0.45
                    pigment { rgb <0.5 + 0.5 * sin(I + %d), 0.5 + 0.5 * cos(I * 1.3), 0.6> }
                    finish { reflection 0.35 specular 0.6 roughness 0.01 } }
                #end
                sphere { <0, 1.1, 0>, 0.9 pigment { rgbf <0.95, 0.95, 1, 0.9> } finish { reflection 0.1 specular 0.8 }
                  interior { ior 1.5 } }
                """, 4 * Math.cos(angle), 2 + (i % 4) * 0.3, 4 * Math.sin(angle), (i % 10) / 10.0, spheres - 1, spheres,
                spheres, i);
    }
}
