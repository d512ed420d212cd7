package org.raypool.submit.plan;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raypool.submit.failure.PovrayLog;

/**
 * The times POV-Ray 3.7 reports at the end of a render (its "Parser Time" and "Render Time" statistics), in
 * seconds, 0 for a phase the scene does not have ("No photons", "No radiosity").
 *
 * <p>Each phase is read as the CPU-seconds POV-Ray gives on the line below it, falling back to the wall time in
 * brackets: the wall time counts whatever else ran on the machine meanwhile, the CPU time is the work itself, which is
 * what scales to another size (a worker renders with one thread, so there CPU time and wall time agree).
 *
 * @param parseSeconds     reading the scene (per render: every band pays it)
 * @param boundingSeconds  building the bounding hierarchy (per render)
 * @param photonSeconds    shooting photons (per render, independent of the image size)
 * @param radiositySeconds the radiosity pretrace (per render: measured 0.19 s at 40x30 and 0.61 s at 640x480 for
 *                         knot.pov, far from the 256-fold pixels, so it is counted as fixed)
 * @param traceSeconds     tracing the pixels
 */
public record RenderStatistics(double parseSeconds, double boundingSeconds, double photonSeconds,
        double radiositySeconds, double traceSeconds) {

    private static final Pattern PHASE = Pattern.compile(
            "\\s*(Parse|Bounding|Photon|Radiosity|Trace) Time:\\s+(?:No \\w+|.*\\(([0-9.]+) seconds\\))\\s*");
    private static final Pattern CPU = Pattern.compile("\\s*using \\d+ thread\\(s\\) with ([0-9.]+) CPU-seconds total\\s*");

    public RenderStatistics {
        for (double s : new double[] {parseSeconds, boundingSeconds, photonSeconds, radiositySeconds, traceSeconds}) {
            if (!(s >= 0) || Double.isInfinite(s)) throw new IllegalArgumentException("render times must be >= 0, got " + s);
        }
    }

    /** The statistics of a finished render's log; empty if POV-Ray did not report a trace time (it failed or was cut). */
    public static Optional<RenderStatistics> of(PovrayLog log) {
        List<String> lines = log.povrayLines();
        double[] seconds = new double[5];
        boolean traced = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = PHASE.matcher(lines.get(i));
            if (!m.matches()) continue;
            int phase = List.of("Parse", "Bounding", "Photon", "Radiosity", "Trace").indexOf(m.group(1));
            OptionalDouble cpu = i + 1 < lines.size() ? cpuSeconds(lines.get(i + 1)) : OptionalDouble.empty();
            double value = cpu.isPresent() ? cpu.getAsDouble() : m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
            // A render with an animation or a continued trace repeats the statistics: the last report wins.
            seconds[phase] = value;
            if (phase == 4) traced = true;
        }
        if (!traced) return Optional.empty();
        return Optional.of(new RenderStatistics(seconds[0], seconds[1], seconds[2], seconds[3], seconds[4]));
    }

    /** {@link #of(PovrayLog)} of a log's text (ssrun's {@code output.txt} or POV-Ray's own output). */
    public static Optional<RenderStatistics> parse(String log) {
        return of(PovrayLog.parse(log));
    }

    private static OptionalDouble cpuSeconds(String line) {
        Matcher m = CPU.matcher(line);
        return m.matches() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** What every render of the scene pays whatever its size or rows: parsing, bounding, photons, radiosity. */
    public double fixedSeconds() {
        return parseSeconds + boundingSeconds + photonSeconds + radiositySeconds;
    }

    public double totalSeconds() {
        return fixedSeconds() + traceSeconds;
    }
}
