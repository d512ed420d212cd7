package org.raypool.submit.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to render, apart from size and band: antialiasing and further POV-Ray command-line
 * switches passed through as given (e.g. {@code +Q9}, {@code +R4}, {@code +Linc}).
 *
 * <p>Switches RayPool sets itself (input, output, file type, size, antialias threshold,
 * rows and columns, display, verbosity, animation frames, header include) are refused, as
 * are INI-style {@code Name=value} settings: ssrun owns those so every band of a frame is
 * rendered the same way and the results come back where the farm expects them.
 */
public record RenderOptions(Antialias antialias, List<String> povrayOptions) {

    private static final Pattern SWITCH = Pattern.compile("[+-][A-Za-z][!-~]*");

    private static final List<OwnedSwitch> OWNED = List.of(
            new OwnedSwitch("I.*", "the input file is always the packaged scene"),
            new OwnedSwitch("O.*", "the output file is always output.png"),
            new OwnedSwitch("F.*", "the output format is always PNG"),
            new OwnedSwitch("W\\d*", "the width comes from --size"),
            new OwnedSwitch("H.*", "the height comes from --size (and a header include would not be packaged: "
                    + "#include it at the top of the scene instead)"),
            new OwnedSwitch("A[\\d.]*", "antialiasing is a render option of its own"),
            new OwnedSwitch("(SR|ER).*", "the rows come from the job's band"),
            new OwnedSwitch("(SC|EC).*", "bands always span the full width"),
            new OwnedSwitch("D.*", "workers have no display"),
            new OwnedSwitch("V", "ssrun keeps the log free of progress lines"),
            new OwnedSwitch("(KFI|KFF).*", "a job renders exactly one frame"));

    public RenderOptions {
        if (antialias == null) {
            throw new IllegalArgumentException("antialias must be given (use Antialias.off())");
        }
        povrayOptions = List.copyOf(povrayOptions);
        for (String option : povrayOptions) {
            check(option);
        }
    }

    /** Antialiasing with threshold 0.3 and no further switches. */
    public static RenderOptions defaults() {
        return new RenderOptions(Antialias.threshold(0.3), List.of());
    }

    public RenderOptions withAntialias(Antialias value) {
        return new RenderOptions(value, povrayOptions);
    }

    public RenderOptions withPovrayOptions(List<String> options) {
        return new RenderOptions(antialias, options);
    }

    /** The folders named by {@code +L} switches, in order, as written. */
    public List<String> libraryPaths() {
        List<String> paths = new ArrayList<>();
        for (String option : povrayOptions) {
            if (option.substring(1).toUpperCase(Locale.ROOT).startsWith("L")) {
                paths.add(option.substring(2));
            }
        }
        return List.copyOf(paths);
    }

    private static void check(String option) {
        if (option == null || !SWITCH.matcher(option).matches()) {
            throw new IllegalArgumentException("POV-Ray option '" + option
                    + "' is not a +/- switch without spaces (e.g. +Q9); INI-style Name=value settings are not passed through");
        }
        String name = option.substring(1).toUpperCase(Locale.ROOT);
        for (OwnedSwitch owned : OWNED) {
            if (owned.pattern().matcher(name).matches()) {
                throw new IllegalArgumentException("POV-Ray option '" + option + "' is set by RayPool: " + owned.reason());
            }
        }
        if (name.startsWith("L") && (name.length() == 1 || option.charAt(2) == '/')) {
            throw new IllegalArgumentException("POV-Ray option '" + option + "' must name a folder relative to the scene "
                    + "folder (workers do not have your absolute paths); copy the folder next to the scene");
        }
    }

    private record OwnedSwitch(Pattern pattern, String reason) {
        OwnedSwitch(String regex, String reason) {
            this(Pattern.compile(regex), reason);
        }
    }
}
