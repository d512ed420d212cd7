package org.raypool.submit.pack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A POV-Ray INI file named on the command line, as POV-Ray takes one: {@code anim.ini} reads the part before the
 * first section label, {@code anim.ini[High]} only the section {@code [High]} (labels are not case sensitive).
 */
public record IniFile(Path path, Optional<String> section) {

    public IniFile {
        if (path == null || section == null) throw new IllegalArgumentException("path and section must be given");
    }

    public static IniFile of(Path path) {
        return new IniFile(path, Optional.empty());
    }

    /** The file's name without ".ini": the name of the outputs rendered from it. */
    public String baseName() {
        String file = path.getFileName().toString();
        return file.toLowerCase(Locale.ROOT).endsWith(".ini") ? file.substring(0, file.length() - 4) : file;
    }

    /** As POV-Ray's command line names it: {@code anim.ini} or {@code anim.ini[High]}. */
    public String argument(String fileName) {
        return fileName + section.map(s -> "[" + s + "]").orElse("");
    }

    @Override
    public String toString() {
        return argument(path.toString());
    }
}
