package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderJobTest {

    @Test
    void imageSizeParsesWidthByHeight() {
        assertEquals(new ImageSize(1024, 768), ImageSize.parse("1024x768"));
        assertThrows(IllegalArgumentException.class, () -> ImageSize.parse("1024*768"));
        assertThrows(IllegalArgumentException.class, () -> ImageSize.parse("0x10"));
    }

    @Test
    void wholeFrameIsTheBandOfAllRows() {
        RenderJob job = RenderJob.wholeFrame(Path.of("a.pov"), new ImageSize(640, 480), RenderOptions.defaults());
        assertEquals(new Band(1, 480), job.band());
        assertTrue(job.isWholeFrame());
        assertTrue(new Band(33, 64).isBlockAligned());
        assertFalse(new Band(40, 64).isBlockAligned());
        assertEquals(32, new Band(33, 64).rows());
    }

    @Test
    void bandsMustFitTheFrameAndBeExpressibleToPovray() {
        ImageSize size = new ImageSize(64, 48);
        RenderOptions o = RenderOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> RenderJob.wholeFrame(Path.of("a.pov"), size, o).withBand(new Band(1, 49)));
        assertThrows(IllegalArgumentException.class, () -> new Band(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Band(10, 9));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RenderJob.wholeFrame(Path.of("a.pov"), size, o).withBand(new Band(1, 1)))
                .getMessage().contains("row 1"));
    }

    @Test
    void antialiasBecomesPovraySwitch() {
        assertEquals("+A0.3", Antialias.threshold(0.3).povrayOption());
        assertEquals("0.3", Antialias.threshold(0.30).settingValue());
        assertEquals("-A", Antialias.off().povrayOption());
        assertEquals("off", Antialias.off().settingValue());
        assertThrows(IllegalArgumentException.class, () -> Antialias.threshold(0));
    }

    @Test
    void passThroughOptionsMustNotTakeOverWhatRaypoolSets() {
        RenderOptions ok = RenderOptions.defaults().withPovrayOptions(List.of("+Q9", "+R4", "+AM2", "+WL0", "+MV3.7", "+Linc",
                "+FT", "+FN16", "+W100", "+H100", "+A0.1", "-A", "+KFI1", "+KFF10", "+KC", "+SF2", "+EF5", "-D", "-V", "+K0.5"));
        assertEquals(List.of("inc"), ok.libraryPaths());
        for (String refused : List.of("+O/tmp/x.png", "+Iother.pov", "+WT2", "+HIhead.inc", "+SR10", "+ER20", "+SC1", "+D", "+V",
                "+P", "-F", "+FS", "+L/usr/local/lib", "+L../lib", "Width=100", "+Q 9", "Q9", "+Q9\n+O/x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RenderOptions.defaults().withPovrayOptions(List.of(refused)), refused);
            assertTrue(e.getMessage().contains(refused), e.getMessage());
        }
    }

    @Test
    void povrayIniLibraryPathsAreRead(@TempDir Path tmp) throws IOException {
        Path ini = tmp.resolve("povray.ini");
        Files.writeString(ini, "Width = 800\n; Library_Path=\"/commented\"\nLibrary_Path=\"/usr/share/povray-3.7\"\n"
                + "library_path=/opt/pov/include ;; a comment\n+L/more\n");
        assertEquals(List.of(Path.of("/usr/share/povray-3.7"), Path.of("/opt/pov/include"), Path.of("/more")),
                PovrayIncludePath.libraryPaths(ini));
    }
}
