package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneScannerTest {

    private static final Path FILE = Path.of("scenes/s.pov");

    private static List<String> found(String text) {
        return SceneScanner.scan(FILE, text).references().stream()
                .map(r -> r.kind() + ":" + r.name() + "@" + r.line() + (r.impliedExtensions().size() > 1 ? "(any image)" : String.join("", r.impliedExtensions()))).toList();
    }

    @Test
    void findsEveryLiteralFileReferenceWithItsLine() {
        String scene = """
                #include "colors.inc"
                # include "inc/a.inc"
                object { height_field { png "maps/hf.png" smooth } }
                text { ttf "fonts/f.ttf" "Hi" 0.1, 0 }
                media { density { density_file df3 "smoke.df3" } }
                #fopen In "data/values.csv" read
                #fopen Out "log.txt" write
                global_settings { radiosity { load_file "rad.dat" } }
                plane { y, 0 pigment { image_map { jpeg "maps/photo" } } normal { bump_map { "maps/bump.png" } } }
                """;
        assertEquals(List.of("INCLUDE:colors.inc@1.inc", "INCLUDE:inc/a.inc@2.inc", "IMAGE:maps/hf.png@3.png", "FONT:fonts/f.ttf@4.ttf",
                "DENSITY_FILE:smoke.df3@5.df3", "DATA_FILE:data/values.csv@6", "DATA_FILE:rad.dat@8", "IMAGE:maps/photo@9.jpg",
                "IMAGE:maps/bump.png@9(any image)"), found(scene));
    }

    @Test
    void ignoresCommentsIncludingNestedBlockComments() {
        String scene = """
                // #include "line-comment.inc"
                /* outer /* inner */ #include "still-comment.inc" */
                #include "real.inc" // trailing "x.inc"
                """;
        assertEquals(List.of("INCLUDE:real.inc@3.inc"), found(scene));
    }

    @Test
    void stringsMayContainCommentMarkersAndEscapes() {
        assertEquals(List.of("INCLUDE:a//b.inc@1.inc", "INCLUDE:q\"uote.inc@2.inc"),
                found("#include \"a//b.inc\"\n#include \"q\\\"uote.inc\"\n"));
    }

    @Test
    void computedNamesAreNotesNotReferences() {
        SceneScanner.Findings f = SceneScanner.scan(FILE, """
                #declare N = "x";
                #include concat(N, ".inc")
                #fopen F concat(N, ".csv") read
                plane { y, 0 pigment { image_map { png Texture_Name } } }
                """);
        assertEquals(List.of(), f.references());
        assertEquals(3, f.unfollowed().size(), f.unfollowed().toString());
        assertTrue(f.unfollowed().get(0).startsWith("scenes/s.pov line 2: #include"), f.unfollowed().get(0));
    }

    @Test
    void filesTheSceneWritesAreRemembered() {
        SceneScanner.Findings f = SceneScanner.scan(FILE, "#fopen Out \"cache.txt\" write\n#fopen Log \"log.txt\" append\n#fopen In \"cache.txt\" read\n");
        assertEquals(java.util.Set.of("cache.txt", "log.txt"), f.written());
        assertEquals(List.of("DATA_FILE:cache.txt@3"), f.references().stream().map(r -> r.kind() + ":" + r.name() + "@" + r.line()).toList());
    }

    @Test
    void linesCountAcrossMultiLineComments() {
        assertEquals(List.of("INCLUDE:late.inc@5.inc"), found("/*\n\n\n*/\n#include \"late.inc\"\n"));
    }
}
