package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.testing.PovrayReference;

/**
 * The preview estimate against the real render, with the real POV-Ray, for every example scene: prints the table of
 * docs/bands-auto.md. Sizes: {@code -Draypool.estimate.sizes=320x240,640x480} (default 320x240; glass-marbles takes
 * about 35 s there and 85 s at 640x480).
 */
class PreviewEstimateLongIT {
    private static final List<String> SCENES = List.of("quickstart", "tiled-crates", "terrain", "skyline", "billiards",
            "knot", "glass-marbles");

    @TempDir
    Path work;

    @Test
    void previewsEstimateTheExampleScenes() throws Exception {
        Path scenes = Path.of(System.getProperty("raypool.examples", "../examples-povray")).resolve("scenes");
        assertTrue(Files.isDirectory(scenes), "example scenes not found at " + scenes.toAbsolutePath());
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| scene | size | preview | preview s | estimate s | actual s | estimate/actual | actual wall s |%n"
                        + "|---|---|---|---:|---:|---:|---:|---:|%n"));
        for (String size : System.getProperty("raypool.estimate.sizes", "320x240").split(",")) {
            ImageSize full = ImageSize.parse(size);
            ImageSize small = PreviewRender.DEFAULT.size(full);
            for (String scene : SCENES) {
                Path pov = scenes.resolve(scene + ".pov");
                PovrayReference.Rendered preview = PovrayReference.render(pov, work, scene + "-preview-" + small,
                        PovrayReference.FARM_ANTIALIAS, "+FN", "+W" + small.width(), "+H" + small.height(), "-P");
                PovrayReference.Rendered real = PovrayReference.render(Duration.ofMinutes(10), pov, "", work, scene + "-" + full,
                        PovrayReference.FARM_ANTIALIAS, "+FN", "+W" + full.width(), "+H" + full.height(), "-P");
                RenderStatistics p = RenderStatistics.parse(preview.log()).orElseThrow();
                RenderStatistics r = RenderStatistics.parse(real.log()).orElseThrow();
                CostEstimate e = PreviewRender.DEFAULT.estimate(full, p);
                double ratio = e.seconds() / r.totalSeconds();
                String row = String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f | %.2f | %.2f |%n", scene,
                        full, small, p.totalSeconds(), e.seconds(), r.totalSeconds(), ratio, real.seconds());
                System.out.print(row);
                table.append(row);
                // The long renders, the ones worth splitting, within a third; those of 1-5 s within a factor 2 (the
                // small scenes trace nearly linearly in pixels, PIXEL_EXPONENT underestimates them); renders under a
                // second are timer resolution and never split.
                double tolerance = r.totalSeconds() >= 5 ? 1.33 : r.totalSeconds() >= 1 ? 2 : Double.POSITIVE_INFINITY;
                if (ratio < 1 / tolerance || ratio > tolerance) failures.add(scene + " " + full + ": " + ratio);
            }
        }
        System.out.print(table);
        System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        assertTrue(failures.isEmpty(), "estimates off by more than their tolerance: " + failures + "\n" + table);
    }
}
