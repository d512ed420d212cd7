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
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.pack.PackageBuilder;
import org.raypool.submit.pack.RenderJob;
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
                "--registrar", "--parallel", "--max-result-header=BYTES", "Default: 1048576")) {
            assertTrue(help.contains(s), s + " in\n" + r.out());
        }
    }

    @Test
    void waitTakesADurationAndABadOneIsNamed() {
        assertEquals(java.time.Duration.ofSeconds(90), SubmitMain.parseWait("90"));
        assertEquals(java.time.Duration.ofSeconds(90), SubmitMain.parseWait("90s"));
        assertEquals(java.time.Duration.ofMinutes(5), SubmitMain.parseWait("5m"));
        assertEquals(java.time.Duration.ofHours(1), SubmitMain.parseWait("1h"));
        assertEquals(java.time.Duration.ofMillis(500), SubmitMain.parseWait("500ms"));
        assertUsageError(run("--wait", "soon", "--size", "64x48", tmp.resolve("a.pov").toString()), "--wait",
                "'soon' is not a duration like 90s, 5m or 1h");
        assertUsageError(run("--wait", "0", "--size", "64x48", tmp.resolve("a.pov").toString()), "--wait");
    }

    @Test
    void maxResultHeaderOutOfRangeIsNamed() {
        assertUsageError(run("--max-result-header", "100", "--size", "64x48", tmp.resolve("a.pov").toString()),
                "--max-result-header");
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
        Run type = run("+W64", "+H48", "+FS", a.toString());
        assertUsageError(type, "'S' is not a file type");
        assertFalse(type.err().contains("set by the farm"), "a wrong value is not a farm-owned option: " + type.err());
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
        assertUsageError(run(tmp.resolve("scenes/gone.ini").toString()), "INI file ", "gone.ini not found");
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
        assertUsageError(run("--size", "64x48", "--bands", "0", a.toString()), "--bands", "1 renders whole frames");
        assertUsageError(run("--size", "64x48", "--bands", "many", a.toString()), "--bands", "'auto'");
    }

    @Test
    void twoScenesWithOneOutputNameAreRefused() throws Exception {
        Path a = scene("a.pov");
        Path other = tmp.resolve("other/a.pov");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "x");
        assertUsageError(run("--size", "64x48", a.toString(), other.toString()), "would both be written to a-64-48.png");
    }

    /** Manifest entries for the jobs {@code args} plan, with their inputs hash as farm-submit computes it. */
    private static void record(Path output, String... args) throws Exception {
        SubmitMain main = new SubmitMain(System.out, System.err, false);
        SubmitMain.commandLine(main).parseArgs(args);
        SubmitConfig config = main.config();
        PackageBuilder builder = new PackageBuilder(config.packaging().withExcludedFolders(List.of(config.output())));
        Manifest manifest = new Manifest(output.resolve(Manifest.FILE));
        for (RenderJob job : config.jobs()) {
            manifest.append(new Manifest.Entry(job.outputFileName(), builder.inputsHash(job), job.name(),
                    OptionalInt.empty(), 64, 48, Files.size(output.resolve(job.outputFileName())), "png", "", 1, "w",
                    Instant.EPOCH));
        }
    }

    @Test
    void imagesMadeFromTheSameInputsAreSkippedWithoutAskingAnyRegistrar() throws Exception {
        scene("a.pov");
        scene("b.pov");
        Path output = Files.createDirectories(tmp.resolve("out"));
        Files.write(output.resolve("a-64-48.png"), Images.solidPng(64, 48, 0));
        Files.write(output.resolve("b-64-48.png"), Images.solidPng(64, 48, 0));
        String[] args = {"--size", "64x48", "--output", output.toString(), "--registrar", "127.0.0.1:9", "--json",
                tmp.resolve("scenes").toString()};

        Run unrecorded = run(args);
        assertEquals(1, unrecorded.code(), "images without a manifest entry are rendered again: " + unrecorded.err());
        assertTrue(unrecorded.err().startsWith("farm-submit: 2 images have no record in " + output.resolve(Manifest.FILE)
                + " and are rendered again\n"), unrecorded.err());
        assertTrue(unrecorded.err().contains("no registrar reachable"), unrecorded.err());

        record(output, args);
        Run r = run(args);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("\"skipped\": 2") && r.out().contains("\"exitCode\": 0"), r.out());
        assertTrue(r.out().contains("\"state\": \"skipped\""), r.out());
        assertTrue(Files.exists(output.resolve("index.html")));

        Run otherOptions = run("--size", "64x48", "--output", output.toString(), "--registrar", "127.0.0.1:9", "--json",
                tmp.resolve("scenes").toString(), "+Q5");
        assertEquals(1, otherOptions.code(), "other options, other inputs: rendered again");
        assertTrue(otherOptions.err().startsWith("farm-submit: no registrar reachable"), otherOptions.err());

        Files.writeString(tmp.resolve("scenes/b.pov"), "sphere { 0, 2 pigment { rgb 1 } }\n");
        Run edited = run(args);
        assertEquals(1, edited.code(), "an edited scene is rendered again");
        assertTrue(edited.out().contains("\"skipped\": 1"), edited.out());

        Run forced = run("--force", "--size", "64x48", "--output", output.toString(), "--registrar", "127.0.0.1:9",
                "--json", tmp.resolve("scenes").toString());
        assertTrue(forced.out().contains("\"skipped\": 0"), "--force renders everything: " + forced.out());
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
