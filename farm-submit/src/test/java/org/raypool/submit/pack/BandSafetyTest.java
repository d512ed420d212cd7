package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features measured to make bands differ (docs/bands.md), found in the scene text. */
class BandSafetyTest {
    @TempDir
    Path tmp;

    private static Optional<String> of(String sdl) {
        return BandSafety.reason(SdlTokenizer.tokenize(sdl));
    }

    @Test
    void radiosityInTheGlobalSettingsAndJitteredAreaLightsOrMediaKeepAFrameWhole() {
        assertTrue(of("global_settings { radiosity { count 100 } }").orElseThrow().startsWith("radiosity"));
        assertTrue(of("light_source { <1,2,3> rgb 1 area_light x, z, 3, 3 adaptive 1 jitter }").orElseThrow()
                .contains("area light"));
        assertTrue(of("box { 0, 1 hollow interior { media { scattering { 1, 0.1 } method 1 jitter 0.5 } } }")
                .orElseThrow().contains("media"));
    }

    @Test
    void photonsFocalBlurRandAndPlainAreaLightsAreEqualInBands() {
        assertEquals(Optional.empty(), of("global_settings { photons { spacing 0.01 jitter 0.4 } }\n"
                + "camera { aperture 0.3 blur_samples 8 focal_point 0 }\n"
                + "#declare S = seed(3); sphere { rand(S), 1 }\n"
                + "light_source { <1,2,3> rgb 1 area_light x, z, 3, 3 adaptive 1 }\n"
                + "// radiosity { } jitter in a comment\n"
                + "sphere { 0, 1 radiosity { importance 0.5 } }"));
    }

    @Test
    void includeFilesBesideTheSceneAreReadTooAndMissingOnesSkipped() throws Exception {
        Files.writeString(tmp.resolve("lights.inc"), "light_source { 0 rgb 1 area_light x, z, 2, 2 jitter }");
        Path scene = Files.writeString(tmp.resolve("a.pov"), "#include \"colors.inc\"\n#include \"lights.inc\"\n");
        assertTrue(BandSafety.sceneReason(scene).orElseThrow().contains("line 1"));
        Path plain = Files.writeString(tmp.resolve("b.pov"), "#include \"colors.inc\"\nsphere { 0, 1 }\n");
        assertEquals(Optional.empty(), BandSafety.sceneReason(plain));
    }

    @Test
    void formatsThatCannotBeWrittenLosslesslyStayWhole() {
        for (OutputFormat f : new OutputFormat[] {OutputFormat.PNG, OutputFormat.TGA, OutputFormat.TGA_COMPRESSED,
                OutputFormat.PPM}) {
            assertEquals(Optional.empty(), BandSafety.formatReason(f, true), f.toString());
        }
        assertEquals(Optional.empty(), BandSafety.formatReason(OutputFormat.BMP, false));
        assertTrue(BandSafety.formatReason(OutputFormat.BMP, true).isPresent());
        assertTrue(BandSafety.formatReason(OutputFormat.JPEG, false).isPresent());
        assertTrue(BandSafety.formatReason(OutputFormat.EXR, false).isPresent());
        assertTrue(BandSafety.formatReason(OutputFormat.HDR, false).isPresent());
    }
}
