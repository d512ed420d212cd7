package org.raypool.submit.pack;

import java.nio.file.Path;

import java.util.List;

/**
 * A file name written in a scene or include file, e.g. {@code #include "inc/colors.inc"} at
 * line 4 of {@code scenes/pool.pov}. {@code impliedExtensions} are what POV-Ray tries appending
 * when the name has no extension (".inc" for includes, ".png" after the {@code png} keyword,
 * every image extension for an image map without type keyword).
 */
public record SceneReference(Path file, int line, ReferenceKind kind, String name, List<String> impliedExtensions) {

    public SceneReference {
        impliedExtensions = List.copyOf(impliedExtensions);
    }

    /** "scenes/pool.pov line 4", the way POV-Ray reports positions. */
    public String where() {
        return file + " line " + line;
    }
}
