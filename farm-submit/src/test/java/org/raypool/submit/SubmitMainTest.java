package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.testing.Images;

/** The command line: one-line errors naming the file and the fix, sizes from .ini files, skipping, no registrar. */
class SubmitMainTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SubmitMain.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path scene(String name) throws Exception {
        Path p = tmp.resolve("scenes").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "sphere { 0, 1 pigment { rgb 1 } }\n");
    }

    private static void assertUsageError(Run r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        assertTrue(r.err().contains("Try 'farm-submit --help'"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(2, r.err().strip().split("\n").length, "one line and the hint: " + r.err());
    }

    @Test
    void helpNamesTheDefaults() {
        Run r = run("--help");
        assertEquals(0, r.code());
        String help = r.out().replaceAll("\\s+", " ");
        for (String s : List.of("--size=WxH", "Default: 0.3", "Default: output", "Default: ScriptingPool",
                "Default: 1 (at most two runs", "Default: 10000", "--povray-option", "--force", "--json", "--quiet",
                "--registrar", "--parallel")) {
            assertTrue(help.contains(s), s + " in\n" + r.out());
        }
    }

    @Test
    void missingSceneIsNamed() {
        assertUsageError(run("--size", "64x48", tmp.resolve("nope.pov").toString()), "scene ", "nope.pov not found");
    }

    @Test
    void folderWithoutScenesAndNonSceneFilesAreRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertUsageError(run("--size", "64x48", empty.toString()), "holds no .pov scene");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "x");
        assertUsageError(run("--size", "64x48", text.toString()), "notes.txt is not a POV-Ray scene");
    }

    @Test
    void sizeIsRequiredUnlessAnIniGivesIt() throws Exception {
        Path a = scene("a.pov");
        assertUsageError(run(a.toString()), "no image size for " + a, "--size", "a.ini");
        Files.writeString(tmp.resolve("scenes/a.ini"), "; render settings\nWidth=320\nHeight = 200 ; comment\n");
        assertEquals(new ImageSize(320, 200), SceneInputs.size(a, java.util.Optional.empty()));
        Files.delete(tmp.resolve("scenes/a.ini"));
        Files.writeString(tmp.resolve("scenes/povray.ini"), "+W100\n+H50\n");
        assertEquals(new ImageSize(100, 50), SceneInputs.size(a, java.util.Optional.empty()));
        assertEquals(new ImageSize(8, 8), SceneInputs.size(a, java.util.Optional.of(new ImageSize(8, 8))));
    }

    @Test
    void badOptionValuesAreOneLineErrors() throws Exception {
        Path a = scene("a.pov");
        assertUsageError(run("--size", "big", a.toString()), "--size", "1024x768");
        assertUsageError(run("--size", "64x48", "--antialias", "lots", a.toString()), "--antialias", "'off'");
        assertUsageError(run("--size", "64x48", "--povray-option=+Oelsewhere.png", a.toString()), "--povray-option",
                "set by RayPool");
        assertUsageError(run("--size", "64x48", "--registrar", "nohost:", a.toString()), "--registrar");
        assertUsageError(run("--size", "64x48", "--retry-delay", "5", a.toString()), "--retry-delay");
        assertUsageError(run("--size", "64x48", "--parallel", "0", a.toString()), "--parallel");
        assertUsageError(run("--size", "64x48", "--transport", "udp", a.toString()), "--transport");
    }

    @Test
    void twoScenesWithOneOutputNameAreRefused() throws Exception {
        Path a = scene("a.pov");
        Path other = tmp.resolve("other/a.pov");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "x");
        assertUsageError(run("--size", "64x48", a.toString(), other.toString()), "would both be written to a-64-48.png");
    }

    @Test
    void existingImagesAreSkippedWithoutAskingAnyRegistrar() throws Exception {
        Path a = scene("a.pov");
        Path b = scene("b.pov");
        Path output = Files.createDirectories(tmp.resolve("out"));
        Files.write(output.resolve("a-64-48.png"), Images.solidPng(64, 48, 0));
        Files.write(output.resolve("b-64-48.png"), Images.solidPng(64, 48, 0));
        Run r = run("--size", "64x48", "--output", output.toString(), "--registrar", "127.0.0.1:9", "--json",
                tmp.resolve("scenes").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"skipped\": 2") && r.out().contains("\"exitCode\": 0"), r.out());
        assertTrue(r.out().contains("\"state\": \"skipped\""), r.out());
        assertTrue(Files.exists(output.resolve("index.html")));
    }

    @Test
    void noRegistrarReachableIsAClearErrorNamingTheAddressesTried() throws Exception {
        Path a = scene("a.pov");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("--size", "64x48", "--output", tmp.resolve("out").toString(), "--transport", "tcp",
                "--registrar", "127.0.0.1:" + port, a.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("farm-submit: no registrar reachable (tried 127.0.0.1:" + port + ")"), r.err());
        assertTrue(r.err().contains("--registrar HOST:PORT"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }
}
