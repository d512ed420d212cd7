package org.raypool.submit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raypool.submit.pack.IniFile;
import org.raypool.submit.plan.SceneInput;

/**
 * Turns the command line's positional arguments into inputs: a {@code .pov} file stands for itself, an {@code .ini}
 * file (optionally {@code anim.ini[Section]}, as POV-Ray takes it) for the scene it names, a folder for the
 * {@code .pov} files directly in it (sorted by name).
 */
final class SceneInputs {
    private static final Pattern INI_SECTION = Pattern.compile("(?i)(.+\\.ini)\\[([^\\]]*)\\]");

    /** A user mistake about the scenes, with a message naming the file and the fix. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    private SceneInputs() {}

    static List<SceneInput> expand(List<String> arguments) throws InputException {
        Set<Path> seen = new LinkedHashSet<>();
        List<SceneInput> inputs = new ArrayList<>();
        for (String argument : arguments) {
            Matcher section = INI_SECTION.matcher(argument);
            Path p = Path.of(section.matches() ? section.group(1) : argument);
            if (Files.isDirectory(p) && !section.matches()) {
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f) && hasExtension(f, ".pov")) found.add(f);
                    }
                } catch (IOException e) {
                    throw new InputException("cannot list the folder " + argument + ": " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new InputException("the folder " + argument + " holds no .pov scene; name the scene files or "
                            + "the folders they are in");
                }
                found.sort(null);
                for (Path f : found) add(new SceneInput.Pov(f), seen, inputs);
            } else if (Files.isRegularFile(p)) {
                if (hasExtension(p, ".ini")) {
                    Optional<String> name = section.matches() ? Optional.of(section.group(2)) : Optional.empty();
                    add(new SceneInput.Ini(new IniFile(p, name)), seen, inputs);
                } else if (hasExtension(p, ".pov")) {
                    add(new SceneInput.Pov(p), seen, inputs);
                } else {
                    throw new InputException(argument + " is neither a POV-Ray scene (.pov) nor an INI file (.ini); name "
                            + "scenes, INI files or the folders they are in");
                }
            } else {
                throw new InputException((hasExtension(p, ".ini") ? "INI file " : "scene ") + p + " not found"
                        + (Files.exists(p) ? " (not a file)" : "") + "; check the path (relative paths start in "
                        + Path.of("").toAbsolutePath() + ")");
            }
        }
        return inputs;
    }

    private static void add(SceneInput input, Set<Path> seen, List<SceneInput> inputs) {
        Path key;
        try {
            key = input.file().toRealPath();
        } catch (IOException e) {
            key = input.file().toAbsolutePath().normalize();
        }
        if (input instanceof SceneInput.Ini ini && ini.ini().section().isPresent()) {
            key = key.resolveSibling(key.getFileName() + "[" + ini.ini().section().get().toLowerCase(Locale.ROOT) + "]");
        }
        if (seen.add(key)) inputs.add(input);
    }

    private static boolean hasExtension(Path f, String extension) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension);
    }

    /** Refuses two scenes that would write the same output file. */
    static void checkDistinctOutputs(Map<String, Path> byOutput, String output, Path scene) throws InputException {
        Path other = byOutput.putIfAbsent(output, scene);
        if (other != null) {
            throw new InputException("scenes " + other + " and " + scene + " would both be written to " + output
                    + "; rename one of them, or render them in two runs with different --output folders");
        }
    }

    static Map<String, Path> outputs() {
        return new LinkedHashMap<>();
    }
}
