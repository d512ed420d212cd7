package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.SubmitJson;

/**
 * Failures told apart, on real workers with the real POV-Ray: an error in the user's own scene fails that scene at
 * once (no retry on another worker), naming the user's file and line; an include that only a branch never taken
 * names is no reason to refuse the scene; an include found nowhere fails once saying that packaging did not find it
 * either, and {@code --include-path} finds it.
 */
class FailuresIT {
    /** Line 5 names a colour nobody declared: POV-Ray says "File 'broken.pov' line 5: Parse Error: ...". */
    private static final String BROKEN = """
            #version 3.7;
            global_settings { assumed_gamma 1 }
            camera { location <0, 1, -3> look_at 0 }
            sphere { <0, 0, 0>, 1
              pigment { color Not_A_Colour }
            }
            """;
    /** POV-Ray never opens missing.inc: the #include is in a branch that is not taken. */
    private static final String DEAD_INCLUDE = """
            #version 3.7;
            #if (0)
              #include "missing.inc"
            #end
            global_settings { assumed_gamma 1 }
            camera { location <0, 1, -3> look_at 0 }
            light_source { <2, 4, -3> rgb 1 }
            sphere { <0, 0, 0>, 1 pigment { rgb <0.2, 0.6, 0.9> } }
            plane { y, -1 pigment { checker rgb 1 rgb 0.3 } }
            """;

    /** Line 3 includes a file that is not beside the scene: found only with --include-path (POV-Ray: +L). */
    private static final String NEEDS_INCLUDE = """
            #version 3.7;
            global_settings { assumed_gamma 1 }
            #include "shared-colours.inc"
            camera { location <0, 1, -3> look_at 0 }
            light_source { <2, 4, -3> rgb 1 }
            sphere { <0, 0, 0>, 1 pigment { Shared_Blue } }
            plane { y, -1 pigment { checker rgb 1 rgb 0.3 } }
            """;

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    @Test
    void aParseErrorFailsOnceFastNamingTheUsersFileAndLine() throws Exception {
        Path scene = Files.writeString(Files.createDirectories(tmp.resolve("broken")).resolve("broken.pov"), BROKEN);
        Path output = tmp.resolve("output-broken");
        // farm-submit's own retry delay (10 s) and retry count: a retry would show in the time and the attempts
        long start = System.nanoTime();
        Farm.Run run = Farm.submit("--registrar", "127.0.0.1:" + FARM.farm().port, "--transport", "tcp", "--output",
                output.toString(), "--json", "--size", "48x36", scene.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, run.exitCode(), run.stderr() + run.stdout());
        SubmitJson json = SubmitJson.parse(run.stdout());
        assertEquals(1, json.count("failed"), json.toString());
        Map<String, Object> job = json.scene("broken-48-36");
        assertEquals(1L, job.get("attempts"), "an error in the user's scene is not retried: " + job);
        String error = String.valueOf(job.get("error"));
        assertTrue(error.contains("broken.pov") && error.contains("line 5"), "the error names the file and line: " + error);
        assertTrue(error.contains("Not_A_Colour"), "and POV-Ray's message: " + error);
        assertFalse(error.contains("input.pov"), error);
        assertTrue(seconds < 8, "failed at once, not after a retry delay: " + seconds + " s");
        System.out.printf("FailuresIT: a parse error failed after %d attempt in %.1f s: %s%n", job.get("attempts"),
                seconds, error);
    }

    @Test
    void anIncludeInsideIfZeroIsAWarningAndTheSceneRenders() throws Exception {
        Path scene = Files.writeString(Files.createDirectories(tmp.resolve("dead")).resolve("dead-include.pov"),
                DEAD_INCLUDE);
        PovrayReference.Rendered local = PovrayReference.render(scene, tmp, "local-dead", "+W48", "+H36",
                PovrayReference.FARM_ANTIALIAS);
        Path output = tmp.resolve("output-dead");
        ProcessFarm.Submitted run = FARM.farm().submit(output, "--size", "48x36", scene.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.json().count("rendered"), run.stdout());
        assertTrue((run.stderr() + run.stdout()).contains("missing.inc"), "a warning names the file: " + run);
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("dead-include.png"),
                output.resolve("dead-include-48-36.png")));
        String warning = List.of((run.stderr()).split("\n")).stream().filter(l -> l.contains("missing.inc"))
                .findFirst().orElse("");
        System.out.printf("FailuresIT: #include \"missing.inc\" inside #if (0) rendered in %.1f s; warning: %s%n",
                run.seconds(), warning.strip());
    }

    @Test
    void anIncludeFoundNowhereFailsOnceSayingSoAndIncludePathFindsIt() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("needs-include"));
        Path scene = Files.writeString(folder.resolve("needs-include.pov"), NEEDS_INCLUDE);
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(shared.resolve("shared-colours.inc"), "#declare Shared_Blue = rgb <0.1, 0.3, 0.9>;\n");

        Path output = tmp.resolve("output-needs-include");
        ProcessFarm.Submitted missing = FARM.farm().submit(output, "--size", "48x36", scene.toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        Map<String, Object> job = missing.json().scene("needs-include-48-36");
        String error = String.valueOf(job.get("error"));
        assertEquals(1L, job.get("attempts"), "a file of the user's that is nowhere is not retried: " + job);
        assertTrue(error.contains("needs-include.pov line 3") && error.contains("shared-colours.inc"), error);
        assertTrue(error.contains("not found when packaging") && error.contains("--include-path"), error);

        PovrayReference.Rendered local = PovrayReference.render(scene, tmp, "local-include", "+W48", "+H36",
                PovrayReference.FARM_ANTIALIAS, "+L" + shared);
        ProcessFarm.Submitted found = FARM.farm().submit(output, "--size", "48x36", "--include-path", shared.toString(),
                scene.toString());
        assertEquals(0, found.exitCode(), found.toString());
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("needs-include.png"),
                output.resolve("needs-include-48-36.png")));
        System.out.printf("FailuresIT: an include found nowhere failed after 1 attempt in %.1f s: %s; with "
                + "--include-path it rendered in %.1f s, equal to local povray +L%n", missing.seconds(), error,
                found.seconds());
    }
}
