package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real POV-Ray job through the unpacker and the runner, sandboxed with bubblewrap where it works. */
class PovRayIT {
    private static final String SCENE = """
            camera { location <0, 1, -4> look_at <0, 0.5, 0> }
            light_source { <2, 4, -3> color rgb <1, 1, 1> }
            plane { y, 0 pigment { checker color rgb <1, 1, 1> color rgb <0.2, 0.2, 0.6> } }
            sphere { <0, 1, 0>, 1 pigment { color rgb <0.9, 0.2, 0.1> } finish { phong 0.8 } }
            """;
    private static final String BROKEN_SCENE = """
            camera { location <0, 1, -4> look_at <0, 0.5, 0> }
            sphere { <0, 1, 0>, 1 pigment { color Red }
            """;
    private static final String SSRUN = """
            #!/bin/sh
            # $1 = results archive; exit with POV-Ray's own exit code
            povray +Iinput.pov +Ooutput.png +W64 +H48 -D > output.txt 2>&1
            rc=$?
            if [ -f output.png ]; then tar czf "$1" output.png output.txt; else tar czf "$1" output.txt; fi
            exit $rc
            """;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path temp;
    Path work;
    Sandbox sandbox;

    @BeforeAll
    static void requirePovRay() {
        boolean present = Arrays.stream(ScriptRunner.JOB_PATH.split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "povray")));
        assumeTrue(present, "povray is not installed (apt-get install povray)");
    }

    @BeforeEach
    void setUp() throws Exception {
        work = JobTestSupport.workDir(temp);
        sandbox = Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO).withHiddenPaths(java.util.List.of(work)));
    }

    private JobResult render(String scene) throws Exception {
        return render(scene, sandbox);
    }

    private JobResult render(String scene, Sandbox sandbox) throws Exception {
        SessionDirectory session = SessionDirectory.create(work);
        Files.write(session.input(), TarBuilder.create().file("input.pov", scene).script("ssrun", SSRUN).tarGz());
        new WorkPackageUnpacker(WorkPackageLimits.defaults()).unpack("pov", session.path());
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            return runner.start(JobSpec.of("pov", session.path())).await(Duration.ofSeconds(60)).orElseThrow();
        }
    }

    private static Map<String, byte[]> entries(JobResult result) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = result.openOutput();
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                files.put(e.getName(), tar.readAllBytes());
            }
        }
        return files;
    }

    @Test
    void rendersASceneIntoAValidPng() throws Exception {
        assertValidRender(render(SCENE), sandbox);
    }

    /** The tier {@code --sandbox auto} takes where bubblewrap is not installed. */
    @Test
    void rendersUnderTheUnshareTier() throws Exception {
        Sandbox unshare = Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO).withBwrapCommand("/nonexistent/bwrap")
                .withHiddenPaths(java.util.List.of(work)));
        assertEquals(SandboxMode.UNSHARE, unshare.mode());
        assertValidRender(render(SCENE, unshare), unshare);
    }

    private static void assertValidRender(JobResult result, Sandbox sandbox) throws IOException {
        assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.summary() + " " + result.outputTail());
        assertEquals(0, result.status());
        Map<String, byte[]> files = entries(result);
        byte[] png = files.get("output.png");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(64, image.getWidth());
        assertEquals(48, image.getHeight());
        assertNotEquals(image.getRGB(0, 0), image.getRGB(32, 20), "the sphere is drawn over the background");
        assertTrue(new String(files.get("output.txt")).contains("POV-Ray finished"));
        System.out.println("rendered with sandbox " + sandbox + " in " + result.elapsed().toMillis() + " ms");
    }

    @Test
    void brokenSceneReturnsPovRaysOwnExitCode() throws Exception {
        Path direct = Files.createDirectory(temp.resolve("direct"));
        Files.writeString(direct.resolve("input.pov"), BROKEN_SCENE);
        Process povray = new ProcessBuilder("povray", "+Iinput.pov", "+Ooutput.png", "+W64", "+H48", "-D")
                .directory(direct.toFile()).redirectErrorStream(true)
                .redirectOutput(direct.resolve("log.txt").toFile()).start();
        assertTrue(povray.waitFor(60, TimeUnit.SECONDS));
        int expected = povray.exitValue();
        assertNotEquals(0, expected);

        JobResult result = render(BROKEN_SCENE);
        assertEquals(JobOutcome.FAILED, result.outcome());
        assertEquals(expected, result.exitCode());
        assertEquals(expected, result.status());
        assertTrue(new String(entries(result).get("output.txt")).contains("Parse Error"));
    }
}
