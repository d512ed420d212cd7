package org.raypool.submit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.raypool.submit.pack.ImageSize;

/**
 * Turns the command line's positional arguments into scenes: a {@code .pov} file stands for itself, a folder for
 * the {@code .pov} files directly in it (sorted by name). Also finds a scene's image size when {@code --size} is
 * not given: {@code Width=}/{@code Height=} (or {@code +W}/{@code +H}) in {@code <scene>.ini} beside it, else in
 * the {@code povray.ini} of its folder.
 */
final class SceneInputs {
    private static final Pattern WIDTH = Pattern.compile("(?i)^\\s*(?:width\\s*=\\s*|[+]w)(\\d{1,6})\\s*$");
    private static final Pattern HEIGHT = Pattern.compile("(?i)^\\s*(?:height\\s*=\\s*|[+]h)(\\d{1,6})\\s*$");

    /** A user mistake about the scenes, with a message naming the file and the fix. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    private SceneInputs() {}

    static List<Path> expand(List<String> arguments) throws InputException {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> scenes = new ArrayList<>();
        for (String argument : arguments) {
            Path p = Path.of(argument);
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f) && isPov(f)) found.add(f);
                    }
                } catch (IOException e) {
                    throw new InputException("cannot list the folder " + argument + ": " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new InputException("the folder " + argument + " holds no .pov scene; name the scene files or "
                            + "the folder they are in");
                }
                found.sort(null);
                for (Path f : found) add(f, seen, scenes);
            } else if (Files.isRegularFile(p)) {
                if (!isPov(p)) {
                    throw new InputException(argument + " is not a POV-Ray scene (a .pov file); name the .pov files or "
                            + "the folders they are in");
                }
                add(p, seen, scenes);
            } else {
                throw new InputException("scene " + argument + " not found" + (Files.exists(p) ? " (not a file)" : "")
                        + "; check the path (relative paths start in " + Path.of("").toAbsolutePath() + ")");
            }
        }
        return scenes;
    }

    private static void add(Path scene, Set<Path> seen, List<Path> scenes) {
        Path key;
        try {
            key = scene.toRealPath();
        } catch (IOException e) {
            key = scene.toAbsolutePath().normalize();
        }
        if (seen.add(key)) scenes.add(scene);
    }

    private static boolean isPov(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pov");
    }

    /** The size for {@code scene}: {@code given} if present, else from its .ini files. */
    static ImageSize size(Path scene, Optional<ImageSize> given) throws InputException {
        if (given.isPresent()) return given.get();
        String file = scene.getFileName().toString();
        Path folder = scene.toAbsolutePath().getParent();
        Path own = folder.resolve(file.substring(0, file.length() - 4) + ".ini");
        for (Path ini : List.of(own, folder.resolve("povray.ini"))) {
            Optional<ImageSize> size = fromIni(ini);
            if (size.isPresent()) return size.get();
        }
        Path shown = scene.getParent() == null ? Path.of(own.getFileName().toString()) : scene.getParent().resolve(own.getFileName());
        throw new InputException("no image size for " + scene + ": give --size WIDTHxHEIGHT (e.g. --size 1024x768), "
                + "or put Width=... and Height=... into " + shown);
    }

    static Optional<ImageSize> fromIni(Path ini) throws InputException {
        if (!Files.isRegularFile(ini)) return Optional.empty();
        Integer width = null;
        Integer height = null;
        List<String> lines;
        try {
            lines = Files.readAllLines(ini, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new InputException("cannot read " + ini + ": " + e.getMessage());
        }
        for (String raw : lines) {
            String line = raw.contains(";") ? raw.substring(0, raw.indexOf(';')) : raw;
            Matcher w = WIDTH.matcher(line);
            Matcher h = HEIGHT.matcher(line);
            if (w.matches()) width = Integer.parseInt(w.group(1));
            if (h.matches()) height = Integer.parseInt(h.group(1));
        }
        if (width == null || height == null) return Optional.empty();
        try {
            return Optional.of(new ImageSize(width, height));
        } catch (IllegalArgumentException e) {
            throw new InputException(ini + ": " + e.getMessage());
        }
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
