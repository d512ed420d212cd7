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
        assertUsageError(run("--size", "64x48", text.toString()), "notes.txt is neither a POV-Ray scene (.pov) nor an INI file");
    }

    @Test
    void povraySwitchesAreTakenAmongTheInputsAndFarmOwnedOnesAreRefusedWithTheReason() throws Exception {
        Path a = scene("a.pov");
        assertUsageError(run("+W64", "+H48", "+O/tmp/elsewhere.png", a.toString()), "'+O/tmp/elsewhere.png' is set by the farm",
                "the farm names every output");
        assertUsageError(run("+W64", "+H48", "+WT4", a.toString()), "'+WT4' is set by the farm", "one thread");
        assertUsageError(run("+W64", "+H48", "+SR10", a.toString()), "'+SR10' is set by the farm");
        assertUsageError(run("+W64", "+H48", "+FS", a.toString()), "'S' is not a file type");
        assertUsageError(run("+W64", "+H48", "+L/opt/includes", a.toString()), "--include-path /opt/includes");
        assertUsageError(run("+W64", "+H48", "--frames", "9-3", a.toString()), "--frames", "1-120");
        assertUsageError(run("+W64", "+H48", "--include-path", tmp.resolve("none").toString(), a.toString()),
                "--include-path", "is not a folder");
    }

    @Test
    void iniFilesAreInputsAndTheirMistakesNameTheFileAndLine() throws Exception {
        scene("a.pov");
        Path noScene = Files.writeString(tmp.resolve("scenes/none.ini"), "Width=64\nHeight=48\n");
        assertUsageError(run(noScene.toString()), "none.ini names no scene", "Input_File_Name=");
        Path wrongScene = Files.writeString(tmp.resolve("scenes/wrong.ini"), "Input_File_Name=b.pov\nWidth=64\nHeight=48\n");
        assertUsageError(run(wrongScene.toString()), "wrong.ini line 1: Input_File_Name=b.pov", "is not there");
        Path noFile = Files.writeString(tmp.resolve("scenes/nofile.ini"), "Input_File_Name=a.pov\nOutput_To_File=off\n+W64 +H48\n");
        assertUsageError(run(noFile.toString()), "nofile.ini line 2: Output_To_File=off", "remove the line");
        Path ini = Files.writeString(tmp.resolve("scenes/anim.ini"), "Input_File_Name=a.pov\n+W64 +H48\n[Big]\nWidth=640\n");
        assertUsageError(run(ini + "[Huge]"), "has no section [Huge]");
        assertUsageError(run(tmp.resolve("scenes/gone.ini") + "[Big]"), "INI file ", "gone.ini not found");
    }

    @Test
    void badOptionValuesAreOneLineErrors() throws Exception {
        Path a = scene("a.pov");
        assertUsageError(run("--size", "big", a.toString()), "--size", "1024x768");
        assertUsageError(run("--size", "64x48", "--antialias", "lots", a.toString()), "--antialias", "'off'");
        assertUsageError(run("--size", "64x48", "--povray-option=+Oelsewhere.png", a.toString()), "POV-Ray switch",
                "set by the farm");
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
