package org.raypool.submit.plan;

import java.nio.file.Path;
import org.raypool.submit.pack.IniFile;

/** One input named on the command line: a scene file, or an INI file that names its scene. */
public sealed interface SceneInput {

    /** The file as the user named it, for messages and duplicate checks. */
    Path file();

    record Pov(Path file) implements SceneInput {}

    record Ini(IniFile ini) implements SceneInput {
        @Override
        public Path file() {
            return ini.path();
        }
    }
}
