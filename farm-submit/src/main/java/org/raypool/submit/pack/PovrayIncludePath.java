package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where POV-Ray finds files a scene names but does not bring along ({@code colors.inc},
 * {@code timrom.ttf}): the {@code Library_Path} of its povray.ini. Workers have POV-Ray
 * installed, so files found there are not packaged.
 */
public final class PovrayIncludePath {

    /** The include files, fonts and maps POV-Ray 3.7 installs, for machines without POV-Ray. */
    static final Set<String> STANDARD_FILES = Set.of(
            "Mount1.png", "Mount2.png", "arrays.inc", "ash.map", "benediti.map", "bubinga.map", "bumpmap_.png", "cedar.map",
            "chars.inc", "colors.inc", "consts.inc", "crystal.ttf", "cyrvetic.ttf", "debug.inc", "finish.inc", "fract003.png",
            "functions.inc", "glass.inc", "glass_old.inc", "golds.inc", "ior.inc", "logo.inc", "makegrass.inc", "marbteal.map",
            "math.inc", "meshmaker.inc", "metals.inc", "mtmand.pot", "mtmandj.png", "orngwood.map", "pinkmarb.map",
            "plasma2.png", "plasma3.png", "povlogo.ttf", "povmap.png", "rad_def.inc", "rand.inc", "rdgranit.map", "screen.inc",
            "shapes.inc", "shapes2.inc", "shapes3.inc", "shapes_old.inc", "shapesq.inc", "skies.inc", "spiral.df3",
            "stage1.inc", "stars.inc", "stdcam.inc", "stdinc.inc", "stoneold.inc", "stones.inc", "stones1.inc", "stones2.inc",
            "strings.inc", "sunpos.inc", "teak.map", "test.png", "textures.inc", "timrom.ttf", "transforms.inc",
            "ttffonts.cat", "whiteash.map", "woodmaps.inc", "woods.inc");

    private static final List<Path> FALLBACK = List.of(
            Path.of("/usr/share/povray-3.7/include"), Path.of("/usr/local/share/povray-3.7/include"));

    private PovrayIncludePath() {}

    /**
     * The existing {@code Library_Path} folders of the povray.ini POV-Ray would read here
     * ($POVINI, ~/.povray/3.7/povray.ini, /etc/povray/3.7/povray.ini,
     * /usr/local/etc/povray/3.7/povray.ini: the first that exists), else the usual install folders.
     */
    public static List<Path> detect() {
        for (Path ini : iniCandidates()) {
            if (Files.isRegularFile(ini)) {
                List<Path> dirs = existing(libraryPaths(ini));
                if (!dirs.isEmpty()) {
                    return dirs;
                }
            }
        }
        return existing(FALLBACK);
    }

    /** The povray.ini POV-Ray 3.7 reads on this machine when the current folder has none: the first that exists. */
    public static java.util.Optional<Path> systemIni() {
        return iniCandidates().stream().filter(Files::isRegularFile).findFirst();
    }

    private static List<Path> iniCandidates() {
        List<Path> candidates = new ArrayList<>();
        String povini = System.getenv("POVINI");
        if (povini != null && !povini.isBlank()) {
            candidates.add(Path.of(povini));
        }
        String home = System.getProperty("user.home");
        if (home != null) {
            candidates.add(Path.of(home, ".povray", "3.7", "povray.ini"));
        }
        candidates.add(Path.of("/etc/povray/3.7/povray.ini"));
        candidates.add(Path.of("/usr/local/etc/povray/3.7/povray.ini"));
        return candidates;
    }

    /** The {@code Library_Path=} and {@code +L} entries of an INI file, in order. */
    static List<Path> libraryPaths(Path ini) {
        Set<Path> dirs = new LinkedHashSet<>();
        try {
            for (String raw : Files.readAllLines(ini, StandardCharsets.ISO_8859_1)) {
                String line = raw.strip();
                int comment = line.indexOf(';');
                if (comment >= 0) {
                    line = line.substring(0, comment).strip();
                }
                String value = null;
                if (line.toLowerCase(Locale.ROOT).startsWith("library_path")) {
                    int eq = line.indexOf('=');
                    value = eq < 0 ? null : line.substring(eq + 1).strip();
                } else if (line.startsWith("+L") || line.startsWith("-L")) {
                    value = line.substring(2).strip();
                }
                if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (value != null && !value.isEmpty()) {
                    dirs.add(Path.of(value));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(dirs);
    }

    private static List<Path> existing(List<Path> dirs) {
        return dirs.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).toList();
    }
}
