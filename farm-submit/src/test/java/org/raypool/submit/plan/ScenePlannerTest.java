package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.IniFile;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** Planning reads size, frames and file type from the INI layers and switches in POV-Ray's order. */
class ScenePlannerTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static ScenePlanner planner(Optional<Path> systemIni, List<String> switches, Optional<ImageSize> size,
            Optional<FrameRange> frames) {
        return new ScenePlanner(new ScenePlanner.Request(systemIni, RenderOptions.defaults().withPovrayOptions(switches),
                size, frames, false));
    }

    private static ScenePlanner planner(List<String> switches) {
        return planner(Optional.empty(), switches, Optional.empty(), Optional.empty());
    }

    private static List<String> names(ScenePlanner.Plan plan) {
        return plan.jobs().stream().map(RenderJob::outputFileName).toList();
    }

    @Test
    void aStillFromSwitchesIsOnePngJobWithTheFarmsDefaultAntialiasing() throws Exception {
        Path scene = write("s/a.pov", "sphere{0,1}");
        ScenePlanner.Plan plan = planner(List.of("+W64", "+H48")).plan(List.of(new SceneInput.Pov(scene)));
        assertEquals(List.of("a-64-48.png"), names(plan));
        RenderJob job = plan.jobs().get(0);
        assertEquals(List.of("+A0.3", "+FN"), job.options().farmDefaults());
        assertTrue(job.frame().isStill());
    }

    @Test
    void sizeAndTypeComeFromTheSystemIniThenTheSceneFoldersPovrayIniThenTheCommandLine() throws Exception {
        Path system = write("etc/povray.ini", "Width = 800\nHeight = 600\nOutput_File_Type=N8 ;; (+/-Ftype)\nDisplay=On\n");
        Path scene = write("s/a.pov", "sphere{0,1}");
        assertEquals(List.of("a-800-600.png"), names(planner(Optional.of(system), List.of(), Optional.empty(), Optional.empty())
                .plan(List.of(new SceneInput.Pov(scene)))));
        write("s/povray.ini", "+W320 +H240\nOutput_File_Type=T\n");
        ScenePlanner.Plan folder = planner(Optional.of(system), List.of(), Optional.empty(), Optional.empty())
                .plan(List.of(new SceneInput.Pov(scene)));
        assertEquals(List.of("a-320-240.tga"), names(folder));
        assertEquals(List.of("+A0.3"), folder.jobs().get(0).options().farmDefaults(), "the INI's type needs no default");
        assertEquals(List.of("a-100-50.jpg"), names(planner(Optional.of(system), List.of("+FJ90"), Optional.of(new ImageSize(100, 50)),
                Optional.empty()).plan(List.of(new SceneInput.Pov(scene)))));
    }

    @Test
    void noSizeAnywhereNamesTheScene() throws Exception {
        Path scene = write("s/a.pov", "sphere{0,1}");
        PlanException e = assertThrows(PlanException.class, () -> planner(List.of()).plan(List.of(new SceneInput.Pov(scene))));
        assertTrue(e.getMessage().contains("no image size for " + scene) && e.getMessage().contains("--size"), e.getMessage());
    }

    @Test
    void anIniDrivenAnimationIsOneJobPerFramePaddedAsPovrayPadsAndNamedAfterTheIni() throws Exception {
        write("s/orbit.pov", "sphere{0,1}");
        Path ini = write("s/anim.ini", "; an animation\nInput_File_Name=orbit.pov\nWidth=64\nHeight=48\n"
                + "Initial_Frame=1\nFinal_Frame=12\nFrame_Step=2\nOutput_File_Type=C\nAntialias=On\n");
        ScenePlanner.Plan plan = planner(List.of()).plan(List.of(new SceneInput.Ini(IniFile.of(ini))));
        assertEquals(List.of("anim-64-48-01.tga", "anim-64-48-03.tga", "anim-64-48-05.tga", "anim-64-48-07.tga",
                "anim-64-48-09.tga", "anim-64-48-11.tga"), names(plan));
        RenderJob first = plan.jobs().get(0);
        assertEquals(tmp.resolve("s/orbit.pov"), first.scene());
        assertEquals(OutputFormat.TGA_COMPRESSED, first.format());
        assertEquals(List.of(), first.options().farmDefaults(), "the INI decides antialiasing and type");
    }

    @Test
    void subsetsAndFramesSwitchesFollowPovray() throws Exception {
        Path scene = write("s/a.pov", "sphere{0,1}");
        List<SceneInput> in = List.of(new SceneInput.Pov(scene));
        assertEquals(List.of("a-8-8-2.png", "a-8-8-4.png", "a-8-8-6.png"),
                names(planner(List.of("+W8", "+H8", "+KFI1", "+KFF8", "+STP2", "+SF2", "+EF6")).plan(in)));
        assertEquals(List.of("a-8-8-3.png", "a-8-8-4.png"), names(planner(Optional.empty(), List.of("+W8", "+H8", "+KFI1", "+KFF8"),
                Optional.empty(), Optional.of(FrameRange.parse("3-4"))).plan(in)));
        ScenePlanner.Plan range = planner(Optional.empty(), List.of("+W8", "+H8"), Optional.empty(),
                Optional.of(FrameRange.parse("1-10"))).plan(in);
        assertEquals(10, range.jobs().size());
        assertEquals("a-8-8-01.png", names(range).get(0));
        assertTrue(range.jobs().get(0).options().povrayOptions().containsAll(List.of("+KFI1", "+KFF10")));
        PlanException outside = assertThrows(PlanException.class, () -> planner(Optional.empty(), List.of("+W8", "+H8", "+KFI1",
                "+KFF8"), Optional.empty(), Optional.of(FrameRange.parse("5-9"))).plan(in));
        assertTrue(outside.getMessage().contains("not within the animation's frames 1..8"), outside.getMessage());
        PlanException fraction = assertThrows(PlanException.class, () -> planner(List.of("+W8", "+H8", "+KFI1", "+KFF8", "+SF0.5"))
                .plan(in));
        assertTrue(fraction.getMessage().contains("+SF0.5") && fraction.getMessage().contains("whole frame number"),
                fraction.getMessage());
        PlanException backwards = assertThrows(PlanException.class, () -> planner(List.of("+W8", "+H8", "+KFI5", "+KFF2")).plan(in));
        assertTrue(backwards.getMessage().contains("+KFF2"), backwards.getMessage());
    }

    @Test
    void sectionsAreReadAsPovrayReadsThem() throws Exception {
        write("s/a.pov", "sphere{0,1}");
        Path ini = write("s/res.ini", "Input_File_Name=a.pov\n+W120 +H100\n[Low]\n+W80 +H60\n[Really High]\n+W800 +H600\n");
        assertEquals(List.of("res-120-100.png"), names(planner(List.of()).plan(List.of(new SceneInput.Ini(IniFile.of(ini))))));
        assertEquals(List.of("res-800-600.png"), names(planner(List.of()).plan(List.of(new SceneInput.Ini(
                new IniFile(ini, Optional.of("really high")))))));
    }

    @Test
    void farmOwnedIniSettingsAreWarningsNamingFileAndLine() throws Exception {
        write("s/a.pov", "sphere{0,1}");
        Path ini = write("s/x.ini", "Input_File_Name=a.pov\nWidth=8\nHeight=8\nOutput_File_Name=mine.png\nWork_Threads=8\n"
                + "Display=off\nLibrary_Path=/opt/povray/include\n");
        ScenePlanner.Plan plan = planner(List.of()).plan(List.of(new SceneInput.Ini(IniFile.of(ini))));
        assertEquals(3, plan.warnings().size(), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).startsWith(ini + " line 4: Output_File_Name=mine.png is overridden on the worker: the farm names"), plan.warnings().get(0));
        assertTrue(plan.warnings().get(1).contains("line 5: Work_Threads=8"), plan.warnings().get(1));
        assertTrue(plan.warnings().get(2).contains("--include-path /opt/povray/include"), plan.warnings().get(2));
    }

    @Test
    void iniMistakesNameTheLine() throws Exception {
        write("s/a.pov", "sphere{0,1}");
        Path nested = write("s/n.ini", "Input_File_Name=a.pov\nother.ini\n");
        PlanException e = assertThrows(PlanException.class, () -> planner(List.of("+W8", "+H8"))
                .plan(List.of(new SceneInput.Ini(IniFile.of(nested)))));
        assertTrue(e.getMessage().startsWith(nested + " line 2: 'other.ini' names another INI file"), e.getMessage());
        Path type = write("s/t.ini", "Input_File_Name=a.pov\nOutput_File_Type=S\n");
        PlanException t = assertThrows(PlanException.class, () -> planner(List.of("+W8", "+H8"))
                .plan(List.of(new SceneInput.Ini(IniFile.of(type)))));
        assertTrue(t.getMessage().contains("line 2: Output_File_Type=S") && t.getMessage().contains("use N (PNG)"), t.getMessage());
    }

    private static ScenePlanner banded(List<String> switches, int bands) {
        return new ScenePlanner(new ScenePlanner.Request(Optional.empty(),
                RenderOptions.defaults().withPovrayOptions(switches), Optional.empty(), Optional.empty(), false,
                BandCount.parse(Integer.toString(bands)).perFrame()));
    }

    @Test
    void bandsSplitEveryFrameIntoBlockAlignedJobsNamedByTheirRows() throws Exception {
        Path scene = write("s/a.pov", "sphere{0,1}");
        ScenePlanner.Plan plan = banded(List.of("+W64", "+H100", "+KFI1", "+KFF2"), 3).plan(List.of(new SceneInput.Pov(scene)));
        assertEquals(List.of("a-64-100-1-rows1-32.png", "a-64-100-1-rows33-64.png", "a-64-100-1-rows65-100.png",
                "a-64-100-2-rows1-32.png", "a-64-100-2-rows33-64.png", "a-64-100-2-rows65-100.png"), names(plan));
        assertEquals(List.of(), plan.warnings());
        assertEquals(List.of("a-64-100.png"), names(banded(List.of("+W64", "+H100"), 1)
                .plan(List.of(new SceneInput.Pov(scene)))));
    }

    @Test
    void aSceneWhoseBandsWouldDifferOrAFormatThatCannotBeStitchedIsRenderedWholeSayingWhyOnce() throws Exception {
        Path radiosity = write("s/rad.pov", "global_settings { radiosity { count 50 } }\nsphere{0,1}");
        ScenePlanner.Plan plan = banded(List.of("+W64", "+H100", "+KFI1", "+KFF3"), 3)
                .plan(List.of(new SceneInput.Pov(radiosity)));
        assertEquals(List.of("rad-64-100-1.png", "rad-64-100-2.png", "rad-64-100-3.png"), names(plan));
        assertEquals(List.of("rad.pov: not split into bands: radiosity samples differ per band (line 1) (docs/bands.md)"),
                plan.warnings());
        Path plain = write("s/plain.pov", "sphere{0,1}");
        ScenePlanner.Plan exr = banded(List.of("+W64", "+H100", "+FE"), 3).plan(List.of(new SceneInput.Pov(plain)));
        assertEquals(List.of("plain-64-100.exr"), names(exr));
        assertTrue(exr.warnings().get(0).startsWith("plain.pov: not split into bands: OpenEXR"), exr.warnings().toString());
        ScenePlanner.Plan bmpAlpha = banded(List.of("+W64", "+H100", "+FB", "+UA"), 3).plan(List.of(new SceneInput.Pov(plain)));
        assertEquals(List.of("plain-64-100.bmp"), names(bmpAlpha));
        assertEquals(3, banded(List.of("+W64", "+H100", "+FB"), 3).plan(List.of(new SceneInput.Pov(plain))).jobs().size());
    }
}
