package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.SubmitJson;

/**
 * A still scene driven by an INI file, given to farm-submit as the only input (no --size, no switches): output
 * type, size and antialiasing come from the INI, read by POV-Ray on the worker, and the output, named after the INI,
 * is POV-Ray's own file of a local {@code povray crates.ini}.
 */
class IniSceneIT {
    /** tiled-crates.pov (image map from maps/) as Targa at 96x72, with antialiasing settings of its own. */
    private static final String INI = """
            ; a still of tiled-crates.pov, everything POV-Ray needs in here
            Input_File_Name=tiled-crates.pov
            Output_File_Type=T
            Width=96
            Height=72
            Antialias=On
            Antialias_Threshold=0.05
            Antialias_Depth=2
            Sampling_Method=2

            [Small]
            Input_File_Name=tiled-crates.pov
            Output_File_Type=C
            Width=40
            Height=30
            Antialias=Off
            """;

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    private static Path ini;

    @BeforeAll
    static void writeTheIni() throws Exception {
        Path scenes = Files.createDirectories(tmp.resolve("scenes"));
        Files.copy(Images.examples().resolve("tiled-crates.pov"), scenes.resolve("tiled-crates.pov"));
        Files.createDirectories(scenes.resolve("maps"));
        Files.copy(Images.examples().resolve("maps/raypool-tile.png"), scenes.resolve("maps/raypool-tile.png"));
        ini = Files.writeString(scenes.resolve("crates.ini"), INI);
    }

    @Test
    void theIniDecidesTypeSizeAndAntialiasingAndTheOutputIsPovraysOwnFile() throws Exception {
        PovrayReference.Rendered local = PovrayReference.render(ini, tmp, "local");
        assertEquals("tiled-crates.tga", local.names().get(0), local.names().toString());
        // the INI's antialiasing changes bytes: a farm that kept its default (+A0.3) or none would be seen
        Path farmDefault = PovrayReference.render(ini, tmp, "local-a03", "+A0.3").files().get(0);
        Path none = PovrayReference.render(ini, tmp, "local-off", "-A").files().get(0);
        assertFalse(ImageFiles.sameApartFromTimestamps(local.files().get(0), farmDefault));
        assertFalse(ImageFiles.sameApartFromTimestamps(local.files().get(0), none));

        Path output = tmp.resolve("output");
        ProcessFarm.Submitted run = FARM.farm().submit(output, ini.toString());
        assertEquals(0, run.exitCode(), run.toString());
        SubmitJson json = run.json();
        assertEquals(1, json.count("rendered"), json.toString());
        Map<String, Object> job = json.scene("crates-96-72");
        assertEquals(96L, job.get("width"));
        assertEquals(72L, job.get("height"));
        Path tga = output.resolve("crates-96-72.tga");
        assertTrue(Files.isRegularFile(tga), "the output is named after the INI, with POV-Ray's extension: " + json);
        assertFalse(Files.exists(output.resolve("crates-96-72.png")), "no PNG besides the Targa");
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("tiled-crates.tga"), tga));
        System.out.printf("IniSceneIT: crates.ini (tiled-crates.pov, Targa, 96x72, antialias 0.05 depth 2 method 2) "
                + "in %.1f s, equal to local povray (%.1f s) apart from time stamps%n", run.seconds(), local.seconds());
    }

    @Test
    void anIniSectionIsRenderedWithThatSectionsSettings() throws Exception {
        PovrayReference.Rendered local = PovrayReference.render(ini, "Small", tmp, "local-small");
        Path output = tmp.resolve("output-small");
        ProcessFarm.Submitted run = FARM.farm().submit(output, ini + "[Small]");
        assertEquals(0, run.exitCode(), run.toString());
        Path tga = output.resolve("crates-40-30.tga");
        assertTrue(Files.isRegularFile(tga), run.stdout());
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("tiled-crates.tga"), tga));
        System.out.printf("IniSceneIT: crates.ini[Small] (compressed Targa, 40x30, no antialiasing) in %.1f s, equal "
                + "to local povray apart from time stamps%n", run.seconds());
    }
}
