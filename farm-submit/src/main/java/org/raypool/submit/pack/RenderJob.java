package org.raypool.submit.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of work for the farm: a scene (and the INI file that drives it, if any) rendered at a size, for one
 * frame of its animation and one band of rows, with options, into one output file. Planning decides how many jobs a
 * scene becomes (one per frame today); a job is always one render of one POV-Ray output file.
 */
public record RenderJob(Path scene, Optional<IniFile> ini, ImageSize size, Frame frame, Band band,
        RenderOptions options, OutputFormat format) {

    public RenderJob {
        if (scene == null || ini == null || size == null || frame == null || band == null || options == null
                || format == null) {
            throw new IllegalArgumentException("scene, ini, size, frame, band, options and format must all be given");
        }
        if (band.endRow() > size.height()) {
            throw new IllegalArgumentException(band + " does not fit an image " + size.height() + " rows high");
        }
        if (band.endRow() == 1 && size.height() > 1) {
            // POV-Ray reads End_Row=1 as the fraction 1.0, i.e. the last row.
            throw new IllegalArgumentException("a band ending at row 1 cannot be expressed to POV-Ray; use at least two rows");
        }
    }

    /** A still PNG of the whole frame, no INI file. */
    public static RenderJob wholeFrame(Path scene, ImageSize size, RenderOptions options) {
        return new RenderJob(scene, Optional.empty(), size, Frame.STILL, Band.wholeFrame(size), options, OutputFormat.PNG);
    }

    public RenderJob withFrame(Frame value) {
        return new RenderJob(scene, ini, size, value, band, options, format);
    }

    public RenderJob withBand(Band value) {
        return new RenderJob(scene, ini, size, frame, value, options, format);
    }

    public RenderJob withFormat(OutputFormat value) {
        return new RenderJob(scene, ini, size, frame, band, options, value);
    }

    public RenderJob withIni(IniFile value) {
        return new RenderJob(scene, Optional.of(value), size, frame, band, options, format);
    }

    /** The whole frame this job's band belongs to (the job itself when it renders the whole frame). */
    public RenderJob wholeFrame() {
        return isWholeFrame() ? this : withBand(Band.wholeFrame(size));
    }

    public boolean isWholeFrame() {
        return band.isWholeFrame(size);
    }

    /** The band jobs among {@code jobs} by the frame they belong to (frames in first-seen order, bands by row). */
    public static Map<RenderJob, List<RenderJob>> bandsByFrame(Collection<RenderJob> jobs) {
        Map<RenderJob, List<RenderJob>> frames = new LinkedHashMap<>();
        for (RenderJob job : jobs) {
            if (!job.isWholeFrame()) frames.computeIfAbsent(job.wholeFrame(), f -> new ArrayList<>()).add(job);
        }
        frames.values().forEach(bands -> bands.sort(Comparator.comparingInt(b -> b.band().startRow())));
        return frames;
    }

    /** What the user named: the INI file's name without ".ini" if an INI drives the scene, else the scene's. */
    public String name() {
        if (ini.isPresent()) return ini.get().baseName();
        String file = scene.getFileName().toString();
        return file.toLowerCase(Locale.ROOT).endsWith(".pov") ? file.substring(0, file.length() - 4) : file;
    }

    /**
     * The output's name without extension: {@code <name>-<W>-<H>}, then {@code -<frame>} for a frame of an
     * animation (padded as POV-Ray pads it), then {@code -rows<S>-<E>} for a partial band. A band's name ends in a
     * part that is not a number, so band and frame outputs never share a file.
     */
    public String outputName() {
        String n = name() + "-" + size.width() + "-" + size.height();
        if (!frame.isStill()) n += "-" + frame.padded();
        if (!isWholeFrame()) n += "-rows" + band.startRow() + "-" + band.endRow();
        return n;
    }

    /** {@link #outputName()} with the format's extension, e.g. "knot-640-480.png". */
    public String outputFileName() {
        return outputName() + format.extension();
    }

    /** A short label for logs, e.g. "scenes/knot.pov 640x480 frame 3 rows 1..480". */
    public String label() {
        return ini.map(i -> i + " ").orElse("") + scene + " " + size + (frame.isStill() ? "" : " " + frame) + " " + band;
    }
}
