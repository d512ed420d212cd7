package org.raypool.submit.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.pack.RenderJob;

/**
 * What the output folder's manifest says earlier renders of the same work took (docs/bands-auto.md). The same work
 * is the same scene name, frame and options; the size may differ. A frame rendered whole or in bands, once or more
 * often, costs its recorded seconds per row times its rows. At another size the trace scales as pixels^{@value
 * CostEstimate#PIXEL_EXPONENT}, from the recorded size nearest in pixels.
 *
 * <p>The manifest's seconds are whole attempts (upload, render, download) and do not tell POV-Ray's parse or photon
 * time apart, so a history estimate has no fixed part: it makes bands look a little cheaper than they are.
 */
public final class CostHistory {
    private static final Pattern BAND_NAME = Pattern.compile(".*-rows(\\d+)-(\\d+)\\.[^.]+");
    private static final Pattern SIZE_SWITCH = Pattern.compile("[+-][WwHh]\\d+");

    /**
     * One recorded render.
     *
     * @param inputs  the inputs hash of the render ("" if unknown)
     * @param scene   the name the outputs carry
     * @param options the options as the manifest writes them, the size switches ({@code +W640 +H480}) left out
     * @param rows    how many rows of the frame it rendered (its height for a whole frame)
     */
    public record Sample(String inputs, String scene, OptionalInt frame, int width, int height, String options, int rows,
            double seconds) {

        public Sample {
            if (rows < 1 || rows > height || !(seconds >= 0)) {
                throw new IllegalArgumentException("a render sample needs 1 <= rows <= height and seconds >= 0, got "
                        + rows + " of " + height + " rows in " + seconds + " s");
            }
            options = withoutSize(options);
        }

        /** A manifest entry; a band's rows are read from its output name ({@code -rows<S>-<E>}, see RenderJob). */
        public static Sample of(Manifest.Entry e) {
            Matcher band = BAND_NAME.matcher(e.output());
            int rows = band.matches() ? Integer.parseInt(band.group(2)) - Integer.parseInt(band.group(1)) + 1 : e.height();
            return new Sample(e.inputs(), e.scene(), e.frame(), e.width(), e.height(), e.options(), rows, e.seconds());
        }
    }

    private final List<Sample> samples;

    public CostHistory(Collection<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** The history in {@code entries} (as {@link Manifest#read()} returns them); unreadable entries are left out. */
    public static CostHistory of(Collection<Manifest.Entry> entries) {
        List<Sample> out = new ArrayList<>();
        for (Manifest.Entry e : entries) {
            try {
                out.add(Sample.of(e));
            } catch (IllegalArgumentException ignored) {
                // A hand-edited or foreign line: no history, never a wrong estimate.
            }
        }
        return new CostHistory(out);
    }

    /**
     * The whole frame of {@code job} (of its size, whatever its band), if the manifest recorded the same work.
     *
     * @param inputsHash       the job's inputs hash ("" if unknown): records with it are preferred
     * @param manifestOptions  the options as the manifest writes them for {@code job}
     */
    public Optional<CostEstimate> estimate(RenderJob job, String inputsHash, String manifestOptions) {
        String options = withoutSize(manifestOptions);
        OptionalInt frame = job.frame().isStill() ? OptionalInt.empty() : OptionalInt.of(job.frame().number());
        List<Sample> same = samples.stream().filter(s -> s.scene().equals(job.name()) && s.frame().equals(frame)
                && s.options().equals(options)).toList();
        if (same.isEmpty()) return Optional.empty();
        int width = job.size().width();
        int height = job.size().height();
        List<Sample> sized = same.stream().filter(s -> s.width() == width && s.height() == height).toList();
        if (!sized.isEmpty()) return Optional.of(new CostEstimate(0, perFrame(preferred(sized, inputsHash)),
                CostEstimate.Source.HISTORY));
        double pixels = (double) width * height;
        Sample nearest = same.stream().min((a, b) -> Double.compare(distance(a, pixels), distance(b, pixels))).get();
        List<Sample> other = same.stream().filter(s -> s.width() == nearest.width() && s.height() == nearest.height())
                .toList();
        return Optional.of(new CostEstimate(0, perFrame(other), CostEstimate.Source.HISTORY_SCALED)
                .scaled(pixels / ((double) nearest.width() * nearest.height()), CostEstimate.Source.HISTORY_SCALED));
    }

    private static List<Sample> preferred(List<Sample> sized, String inputsHash) {
        List<Sample> exact = inputsHash.isEmpty() ? List.of()
                : sized.stream().filter(s -> s.inputs().equals(inputsHash)).toList();
        return exact.isEmpty() ? sized : exact;
    }

    private static double distance(Sample s, double pixels) {
        return Math.abs(Math.log((double) s.width() * s.height() / pixels));
    }

    /** Seconds per row times the height: the sum of the bands when they cover the frame once. */
    private static double perFrame(List<Sample> sameSize) {
        double seconds = sameSize.stream().mapToDouble(Sample::seconds).sum();
        long rows = sameSize.stream().mapToLong(Sample::rows).sum();
        return seconds * sameSize.get(0).height() / rows;
    }

    static String withoutSize(String options) {
        return java.util.Arrays.stream(options.strip().split("\\s+")).filter(o -> !SIZE_SWITCH.matcher(o).matches())
                .collect(Collectors.joining(" "));
    }
}
