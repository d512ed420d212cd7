package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.IniFile;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/** The manifest: lines in and out, the newest entry wins, torn and foreign lines are ignored. */
class ManifestTest {
    private static final Instant T = Instant.parse("2026-03-04T05:06:07.890Z");

    @TempDir
    Path tmp;

    private static Manifest.Entry entry(String output, String inputs, OptionalInt frame) {
        return new Manifest.Entry(output, inputs, "knot", frame, 640, 480, 12345, "png", "+W640 +H480 +FN +A0.3", 2.25,
                "node1 0x00000001 (127.0.0.1:40001)", T);
    }

    @Test
    void anEntryIsOneJsonLineAndReadsBackTheSame() {
        Manifest.Entry still = entry("knot-640-480.png", "ab12", OptionalInt.empty());
        String line = Manifest.line(still);
        assertEquals("{\"output\":\"knot-640-480.png\",\"inputs\":\"ab12\",\"scene\":\"knot\",\"frame\":null,"
                + "\"width\":640,\"height\":480,\"bytes\":12345,\"format\":\"png\",\"options\":\"+W640 +H480 +FN +A0.3\","
                + "\"seconds\":2.25,\"worker\":\"node1 0x00000001 (127.0.0.1:40001)\",\"time\":\"2026-03-04T05:06:07.890Z\"}",
                line);
        assertEquals(Optional.of(still), Manifest.parse(line));
        Manifest.Entry frame = entry("knot-640-480-07.png", "ab12", OptionalInt.of(7));
        assertEquals(Optional.of(frame), Manifest.parse(Manifest.line(frame)));
        Manifest.Entry quoted = new Manifest.Entry("a\"b\n.png", "", "a\"b", OptionalInt.empty(), 1, 1, 20, "png",
                "+Q9", 0, "", T);
        assertEquals(Optional.of(quoted), Manifest.parse(Manifest.line(quoted)));
        assertTrue(Manifest.line(quoted).indexOf('\n') < 0, "one line whatever the names hold");
    }

    @Test
    void aBandEntryKeepsItsRowsAndOlderRecordsReadAsWholeFrames() {
        Manifest.Entry band = new Manifest.Entry("knot-640-480-rows33-64.png", "h", "knot", OptionalInt.empty(), 640,
                480, 99, "png", "+W640 +H480", 1.5, "w", Instant.EPOCH, 33, 64);
        String line = Manifest.line(band);
        assertTrue(line.contains("\"start_row\":33,\"end_row\":64"), line);
        assertEquals(Optional.of(band), Manifest.parse(line));
        Manifest.Entry whole = entry("knot-640-480.png", "ab12", OptionalInt.empty());
        assertFalse(Manifest.line(whole).contains("start_row"));
        String before = "{\"output\":\"a-64-48.png\",\"inputs\":\"h\",\"scene\":\"a\",\"frame\":null,\"width\":64,"
                + "\"height\":48,\"bytes\":20,\"format\":\"png\",\"options\":\"\",\"seconds\":1.0,\"worker\":\"w\","
                + "\"time\":\"2026-01-02T03:04:05Z\"}";
        Manifest.Entry old = Manifest.parse(before).orElseThrow();
        assertEquals(1, old.startRow());
        assertEquals(48, old.endRow());
        assertFalse(old.isBand());
    }

    @Test
    void whatIsNotAWholeEntryIsIgnored() {
        String good = Manifest.line(entry("knot-640-480.png", "ab12", OptionalInt.empty()));
        for (String bad : List.of("", "   ", "not json", "[1,2]", "{}", good.substring(0, good.length() - 9),
                good.replace("\"width\":640", "\"width\":\"640\""), good.replace("2026-03-04T05:06:07.890Z", "yesterday"),
                good.replace("\"output\":\"knot-640-480.png\"", "\"output\":\"\""))) {
            assertEquals(Optional.empty(), Manifest.parse(bad), bad);
        }
    }

    @Test
    void theNewestEntryPerOutputWinsAndATornLastLineIsLeftBehind() throws Exception {
        Manifest manifest = new Manifest(tmp.resolve(Manifest.FILE));
        assertEquals(Map.of(), manifest.read(), "no manifest yet: nothing recorded");
        manifest.append(entry("a.png", "old", OptionalInt.empty()));
        manifest.append(entry("b.png", "b1", OptionalInt.empty()));
        manifest.append(entry("a.png", "new", OptionalInt.empty()));
        Map<String, Manifest.Entry> read = manifest.read();
        assertEquals(2, read.size());
        assertEquals("new", read.get("a.png").inputs());
        assertEquals("b1", read.get("b.png").inputs());

        // Ctrl-C in the middle of a write: half a line, no newline.
        String torn = Manifest.line(entry("c.png", "c1", OptionalInt.empty()));
        Files.writeString(manifest.file(), torn.substring(0, 40), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(read, manifest.read(), "the torn line is not an entry");
        manifest.append(entry("d.png", "d1", OptionalInt.empty()));
        Map<String, Manifest.Entry> after = manifest.read();
        assertEquals(java.util.Set.of("a.png", "b.png", "d.png"), after.keySet());
        assertEquals("d1", after.get("d.png").inputs(), "the next entry starts on a line of its own");
        List<String> lines = Files.readAllLines(manifest.file());
        assertEquals(5, lines.size(), String.join("\n", lines));
    }

    @Test
    void theOptionsReadAsAUserWouldWriteThem() {
        RenderJob still = RenderJob.wholeFrame(Path.of("scenes", "knot.pov"), new ImageSize(640, 480),
                RenderOptions.defaults().withPovrayOptions(List.of("+Q9", "+R4")));
        assertEquals("+W640 +H480 +A0.3 +FN +Q9 +R4", Manifest.options(still));
        RenderJob anim = still.withIni(new IniFile(Path.of("scenes", "anim.ini"), Optional.of("High")))
                .withFormat(OutputFormat.TGA_COMPRESSED).withFrame(Frame.of(2, 8));
        assertEquals("anim.ini[High] +W640 +H480 +A0.3 +FC +Q9 +R4", Manifest.options(anim));
        RenderJob deep = RenderJob.wholeFrame(Path.of("knot.pov"), new ImageSize(640, 480),
                RenderOptions.defaults().withPovrayOptions(List.of("+FN16", "-A")));
        assertEquals("+W640 +H480 +A0.3 +FN16 -A", Manifest.options(deep), "the user's own type switch, as written");

        Manifest.Entry e = Manifest.entry(anim, 99, new Manifest.Provenance("h", 3.5, "w", T));
        assertEquals(new Manifest.Entry("anim-640-480-2.tga", "h", "anim", OptionalInt.of(2), 640, 480, 99,
                "tga_compressed", "anim.ini[High] +W640 +H480 +A0.3 +FC +Q9 +R4", 3.5, "w", T), e);
    }
}
