package org.raypool.submit.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.BandSafety;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.IniFile;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.PovrayOption;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/**
 * Turns the inputs of one farm-submit run into jobs, one per output file: a still is one job, an animation one job
 * per frame. It reads only what planning needs (size, frames, output type, antialiasing, the INI's scene), in the
 * order POV-Ray reads options on the worker, the last value winning:
 * <ol>
 * <li>this machine's own povray.ini, for the size and output type POV-Ray would use by default (the farm then
 *     passes both to the worker, whose povray.ini may differ);</li>
 * <li>{@code povray.ini} in the scene's folder (POV-Ray reads it from the current folder, and it travels in the
 *     work package);</li>
 * <li>the INI file named on the command line (its unlabeled part, or the section asked for);</li>
 * <li>the switches on the command line, then {@code --size}.</li>
 * </ol>
 * INI settings the farm owns (output name, display, threads, rows) are overridden by the farm on the worker: each one
 * is reported as a warning, never dropped silently.
 */
public final class ScenePlanner {

    /**
     * The jobs, warnings to show the user once, and why a frame must render whole ({@link BandSafety}), for each
     * whole frame planned that must ({@code --bands auto} splits only the others).
     */
    public record Plan(List<RenderJob> jobs, List<String> warnings, Map<RenderJob, String> wholeOnly) {
        public Plan {
            jobs = List.copyOf(jobs);
            warnings = List.copyOf(warnings);
            wholeOnly = Map.copyOf(wholeOnly);
        }

        public Plan(List<RenderJob> jobs, List<String> warnings) {
            this(jobs, warnings, Map.of());
        }
    }

    /**
     * @param systemIni  this machine's povray.ini (its size and output type are POV-Ray's defaults here), if any
     * @param options    the farm's defaults and the user's command-line switches (already checked)
     * @param size       {@code --size}, if given
     * @param frames     {@code --frames}, if given
     * @param antialiasGiven whether the user chose antialiasing on the command line (then the farm adds no default)
     * @param bandsPerFrame  how many bands a frame (a whole-frame job) is cut into: {@code --bands N} gives N, the
     *                       default 1; {@code --bands auto} plugs its estimate in here (docs/bands.md)
     */
    public record Request(Optional<Path> systemIni, RenderOptions options, Optional<ImageSize> size,
            Optional<FrameRange> frames, boolean antialiasGiven, ToIntFunction<RenderJob> bandsPerFrame) {

        /** Whole frames only. */
        public Request(Optional<Path> systemIni, RenderOptions options, Optional<ImageSize> size,
                Optional<FrameRange> frames, boolean antialiasGiven) {
            this(systemIni, options, size, frames, antialiasGiven, job -> 1);
        }
    }

    private static final String COMMAND_LINE = "the command line";
    private final Request request;

    public ScenePlanner(Request request) {
        this.request = request;
    }

    public Plan plan(List<SceneInput> inputs) throws PlanException {
        List<RenderJob> jobs = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        Map<RenderJob, String> wholeOnly = new HashMap<>();
        List<Setting> system = systemDefaults();
        for (SceneInput input : inputs) {
            jobs.addAll(plan(input, system, warnings, wholeOnly));
        }
        return new Plan(jobs, List.copyOf(warnings), wholeOnly);
    }

    private List<RenderJob> plan(SceneInput input, List<Setting> system, Set<String> warnings,
            Map<RenderJob, String> wholeOnly) throws PlanException {
        List<Setting> user = new ArrayList<>();
        Path scene;
        Optional<IniFile> ini = Optional.empty();
        Path folder = folderOf(input.file());
        user.addAll(fromIniFile(folder.resolve("povray.ini"), Optional.empty(), warnings, false));
        if (input instanceof SceneInput.Ini i) {
            ini = Optional.of(i.ini());
            List<Setting> fromIni = fromIniFile(i.ini().path(), i.ini().section(), warnings, true);
            user.addAll(fromIni);
            Setting named = Setting.last(fromIni, "Input_File_Name");
            if (named == null) {
                throw new PlanException(i.ini() + " names no scene; add Input_File_Name=<scene>.pov to it (or name the "
                        + ".pov file on the command line)");
            }
            Path relative = Path.of(named.value());
            if (relative.isAbsolute() || relative.getNameCount() != 1) {
                throw new PlanException(named.shown() + ": the scene must be in the INI file's folder, named by its "
                        + "file name alone; move the INI beside the scene");
            }
            scene = input.file().getParent() == null ? relative : input.file().getParent().resolve(relative);
            if (!Files.isRegularFile(scene)) {
                throw new PlanException(named.shown() + ": the scene " + scene + " is not there; check the name");
            }
        } else {
            scene = input.file();
        }
        for (String option : request.options().povrayOptions()) {
            user.add(new Setting(PovrayOption.fromSwitch(option).orElseThrow(), COMMAND_LINE));
        }
        List<String> extra = new ArrayList<>();
        if (request.size().isPresent()) {
            ImageSize s = request.size().get();
            user.add(new Setting(new PovrayOption("Width", Integer.toString(s.width()), "--size"), COMMAND_LINE));
            user.add(new Setting(new PovrayOption("Height", Integer.toString(s.height()), "--size"), COMMAND_LINE));
        }
        List<Setting> all = new ArrayList<>(system);
        all.addAll(user);

        ImageSize size = size(input, all);
        OutputFormat format = format(all);
        Optional<Animation> animation = Animation.of(all);
        if (request.frames().isPresent()) {
            FrameRange range = request.frames().get();
            if (animation.isPresent()) {
                animation = Optional.of(animation.get().subset(range.first(), range.last(), "--frames " + range));
            } else if (range.last() > range.first()) {
                extra.add("+KFI" + range.first());
                extra.add("+KFF" + range.last());
                List<Setting> withRange = new ArrayList<>(all);
                for (String o : extra) withRange.add(new Setting(PovrayOption.fromSwitch(o).orElseThrow(), "--frames"));
                animation = Animation.of(withRange);
            } else {
                throw new PlanException("--frames " + range + " names one frame, but " + input.file() + " is not an "
                        + "animation; give a range like --frames 1-" + Math.max(2, range.first()));
            }
        }

        RenderOptions options = request.options();
        if (!extra.isEmpty()) {
            List<String> switches = new ArrayList<>(options.povrayOptions());
            switches.addAll(extra);
            options = options.withPovrayOptions(switches);
        }
        boolean userAntialias = user.stream().anyMatch(s -> s.keyword().equals("Antialias")
                || s.keyword().equals("Antialias_Threshold"));
        if (request.antialiasGiven() || userAntialias || ini.isPresent()) {
            options = options.withoutDefaultAntialias();
        }
        if (user.stream().noneMatch(s -> s.keyword().equals("Output_File_Type"))) {
            // The farm's PNG (or this machine's default type) must not depend on a worker's own povray.ini.
            List<String> defaults = new ArrayList<>(options.farmDefaults());
            defaults.add("+F" + Optional.ofNullable(Setting.last(system, "Output_File_Type")).map(Setting::value)
                    .orElse(String.valueOf(OutputFormat.PNG.letter())));
            options = options.withFarmDefaults(defaults);
        }

        List<RenderJob> frames = new ArrayList<>();
        RenderJob still = new RenderJob(scene, ini, size, Frame.STILL, Band.wholeFrame(size), options, format);
        if (animation.isEmpty()) {
            frames.add(still);
        } else {
            for (Frame frame : animation.get().frames()) frames.add(still.withFrame(frame));
        }
        Setting alpha = Setting.last(all, "Output_Alpha");
        // the same scene, format and alpha for every frame of the input: one look
        Optional<String> whole = BandSafety.whyWhole(still, alpha != null && alpha.option().isOn());
        List<RenderJob> jobs = new ArrayList<>();
        for (RenderJob frame : frames) {
            whole.ifPresent(why -> wholeOnly.put(frame, why));
            jobs.addAll(bands(frame, whole, input, warnings));
        }
        return jobs;
    }

    /** The frame's band jobs in row order, or the frame alone when it is not split (saying why once per input). */
    private List<RenderJob> bands(RenderJob frame, Optional<String> whole, SceneInput input, Set<String> warnings) {
        int wanted = request.bandsPerFrame().applyAsInt(frame);
        List<Band> bands = Band.split(frame.size().height(), Math.max(1, wanted));
        if (bands.size() == 1) return List.of(frame);
        if (whole.isPresent()) {
            warnings.add(input.file().getFileName() + ": not split into bands: " + whole.get() + " (docs/bands.md)");
            return List.of(frame);
        }
        return bands.stream().map(frame::withBand).toList();
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** The size and output type of this machine's povray.ini; nothing else of it matters on the workers. */
    private List<Setting> systemDefaults() {
        if (request.systemIni().isEmpty() || !Files.isRegularFile(request.systemIni().get())) return List.of();
        try {
            return IniReader.read(request.systemIni().get(), Optional.empty()).stream()
                    .filter(s -> List.of("Width", "Height", "Output_File_Type").contains(s.keyword())
                            && (!s.keyword().equals("Output_File_Type") || OutputFormat.forSetting(s.value()).isPresent()))
                    .toList();
        } catch (PlanException e) {
            return List.of();
        }
    }

    /** The settings of an INI file that POV-Ray will read on the worker; farm-owned ones become warnings. */
    private static List<Setting> fromIniFile(Path ini, Optional<String> section, Set<String> warnings, boolean required)
            throws PlanException {
        if (!required && !Files.isRegularFile(ini)) return List.of();
        List<Setting> settings = IniReader.read(ini, section);
        for (Setting s : settings) {
            String keyword = s.keyword();
            if (keyword.equals("Input_File_Name") && required) continue;
            if (keyword.equals("Output_To_File") && !s.option().isOn()) {
                throw new PlanException(s.shown() + ": the farm needs an image file from every render; remove the line");
            }
            if (keyword.equals("Output_File_Type") && OutputFormat.forSetting(s.value()).isEmpty()) {
                throw new PlanException(s.shown() + ": '" + s.value() + "' is not a file type POV-Ray 3.7 writes here; "
                        + "use N (PNG), N16, T, C, P, J, E, H or B");
            }
            if (keyword.equals("Library_Path") && Path.of(s.value()).isAbsolute()) {
                warnings.add(s.shown() + ": workers may not have this folder and its files are not packaged; to send "
                        + "them along, give it with --include-path " + s.value());
                continue;
            }
            RenderOptions.ownedReason(s.option()).ifPresent(reason -> warnings.add(s.shown()
                    + " is overridden on the worker: " + reason));
        }
        return settings;
    }

    private static ImageSize size(SceneInput input, List<Setting> all) throws PlanException {
        Setting w = Setting.last(all, "Width");
        Setting h = Setting.last(all, "Height");
        if (w == null || h == null) {
            throw new PlanException("no image size for " + input.file() + ": give --size WIDTHxHEIGHT (e.g. --size "
                    + "1024x768) or +W1024 +H768, or put Width= and Height= into its INI file");
        }
        try {
            return new ImageSize(Integer.parseInt(w.value().strip()), Integer.parseInt(h.value().strip()));
        } catch (IllegalArgumentException e) {
            throw new PlanException(w.shown() + ", " + h.shown() + ": not an image size (" + e.getMessage() + ")");
        }
    }

    private static OutputFormat format(List<Setting> all) throws PlanException {
        Setting type = Setting.last(all, "Output_File_Type");
        if (type == null) return OutputFormat.PNG;
        return OutputFormat.forSetting(type.value()).orElseThrow(() -> new PlanException(type.shown()
                + ": not a file type POV-Ray 3.7 writes here; use N (PNG), N16, T, C, P, J, E, H or B"));
    }
}
