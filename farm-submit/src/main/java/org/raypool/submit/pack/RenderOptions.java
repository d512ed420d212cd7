package org.raypool.submit.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to render, apart from size, frame and band: POV-Ray switches in two groups.
 * <ul>
 * <li>{@code farmDefaults}: the farm's own defaults (e.g. {@code +A0.3}), given to POV-Ray before the INI file and the
 *     user's switches, so that anything the user sets wins;</li>
 * <li>{@code povrayOptions}: the user's switches ({@code +Q9}, {@code +KFI1}, {@code +FT}, {@code +Linc}), given
 *     after the INI file in the order written, as on POV-Ray's own command line.</li>
 * </ul>
 * Options the farm must own (output file name, display, threads per session, rows and columns, input file, ...)
 * are refused with the reason ({@link #ownedReason}); ssrun sets them last.
 */
public record RenderOptions(List<String> farmDefaults, List<String> povrayOptions) {

    private static final Pattern SWITCH = Pattern.compile("[+-][A-Za-z][!-~]*");

    public RenderOptions {
        farmDefaults = List.copyOf(farmDefaults);
        povrayOptions = List.copyOf(povrayOptions);
        for (String option : farmDefaults) check(option);
        for (String option : povrayOptions) check(option);
    }

    /** The farm's default antialiasing (threshold 0.3) and no switches of the user. */
    public static RenderOptions defaults() {
        return new RenderOptions(List.of(Antialias.threshold(0.3).povrayOption()), List.of());
    }

    /** These options with the farm's default antialiasing replaced by {@code value}. */
    public RenderOptions withAntialias(Antialias value) {
        List<String> d = new ArrayList<>();
        for (String option : farmDefaults) {
            if (!isAntialias(option)) d.add(option);
        }
        d.add(value.povrayOption());
        return new RenderOptions(d, povrayOptions);
    }

    /** These options without the farm's default antialiasing (an INI file decides, as POV-Ray would). */
    public RenderOptions withoutDefaultAntialias() {
        return new RenderOptions(farmDefaults.stream().filter(o -> !isAntialias(o)).toList(), povrayOptions);
    }

    public RenderOptions withPovrayOptions(List<String> options) {
        return new RenderOptions(farmDefaults, options);
    }

    public RenderOptions withFarmDefaults(List<String> values) {
        return new RenderOptions(values, povrayOptions);
    }

    private static boolean isAntialias(String option) {
        Optional<PovrayOption> o = PovrayOption.fromSwitch(option);
        return o.isPresent() && (o.get().keyword().equals("Antialias") || o.get().keyword().equals("Antialias_Threshold"));
    }

    /** The folders named by the user's {@code +L} switches, in order, as written. */
    public List<String> libraryPaths() {
        List<String> paths = new ArrayList<>();
        for (String option : povrayOptions) {
            PovrayOption.fromSwitch(option).filter(o -> o.keyword().equals("Library_Path")).ifPresent(o -> paths.add(o.value()));
        }
        return List.copyOf(paths);
    }

    /**
     * Why the farm sets {@code option} itself, or empty if the user may set it. The farm renders one frame, one
     * band, with one thread, into a file of its own naming, without display, pausing or progress lines.
     */
    public static Optional<String> ownedReason(PovrayOption option) {
        String reason = switch (option.keyword()) {
            case "Output_File_Name" -> "the farm names every output (<name>-<width>-<height>[-<frame>].<ext> in --output)";
            case "Display" -> option.isOn() ? "workers have no display" : null;
            case "Work_Threads" -> "every session renders with one thread: the farm's parallelism comes from sessions, "
                    + "and POV-Ray with several threads is not pixel-repeatable";
            case "Start_Row", "End_Row" -> "the rows of a render are the farm's (bands of a frame)";
            case "Start_Column", "End_Column" -> "the farm renders full rows";
            case "Input_File_Name" -> "name the scene (or its INI file) as an argument instead";
            case "Verbose" -> option.isOn() ? "the farm keeps the render log free of progress lines" : null;
            case "Pause_When_Done" -> option.isOn() ? "a worker would wait for a key press" : null;
            case "Include_Header" -> "a header include is not packaged: #include the file at the top of the scene instead";
            case "Output_To_File" -> option.isOn() ? null : "the farm needs an image file from every render";
            default -> null;
        };
        return Optional.ofNullable(reason);
    }

    private static void check(String option) {
        if (option == null || !SWITCH.matcher(option).matches()) {
            throw new IllegalArgumentException("POV-Ray option '" + option
                    + "' is not a +/- switch without spaces (e.g. +Q9); put INI-style Name=value settings into an INI file");
        }
        PovrayOption parsed = PovrayOption.fromSwitch(option).orElseThrow();
        if (parsed.keyword().equals("Output_File_Type") && OutputFormat.forSetting(parsed.value()).isEmpty()) {
            throw new IllegalArgumentException("POV-Ray option '" + option + "': '" + parsed.value() + "' is not a file "
                    + "type POV-Ray 3.7 writes here; use N (PNG), N16, T, C, P, J, E, H or B");
        }
        Optional<String> owned = ownedReason(parsed);
        if (owned.isPresent()) {
            throw new IllegalArgumentException("POV-Ray option '" + option + "' is set by the farm: " + owned.get());
        }
        if (parsed.keyword().equals("Library_Path")) {
            String folder = parsed.value();
            if (folder.isEmpty() || folder.startsWith("/") || folder.equals("..") || folder.startsWith("../")) {
                throw new IllegalArgumentException("POV-Ray option '" + option + "' must name a folder inside the scene "
                        + "folder (workers do not have your paths); for a folder elsewhere use --include-path "
                        + (folder.isEmpty() ? "DIR" : folder));
            }
        }
    }
}
