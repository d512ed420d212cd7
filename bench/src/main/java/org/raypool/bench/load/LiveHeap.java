package org.raypool.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, read with {@code jcmd PID GC.class_histogram}: that command runs a full GC first
 * and then counts only reachable objects, so two snapshots taken around an operation differ by exactly what the
 * operation left reachable (plus a little noise from the JVM's own bookkeeping), independent of when the
 * collector would have run and of the heap's sizing.
 */
record LiveHeap(long bytes, long instances, Map<String, long[]> byClass) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /** Snapshot of process {@code pid}. */
    static LiveHeap of(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String command = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process p = new ProcessBuilder(command, Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return parse(new String(out, StandardCharsets.UTF_8));
    }

    static LiveHeap parse(String histogram) throws IOException {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : histogram.split("\n")) {
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                return new LiveHeap(Long.parseLong(total.group(2)), Long.parseLong(total.group(1)), byClass);
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                byClass.merge(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        throw new IOException("no 'Total' line in the class histogram:\n" + histogram);
    }

    /** One class's growth between two snapshots. */
    record Growth(String className, long instances, long bytes) {}

    /** The classes that grew most from {@code before} to this snapshot, largest byte growth first. */
    List<Growth> growthSince(LiveHeap before, int top) {
        List<Growth> all = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            long[] was = before.byClass.getOrDefault(e.getKey(), new long[2]);
            long bytes = e.getValue()[1] - was[1];
            if (bytes > 0) all.add(new Growth(e.getKey(), e.getValue()[0] - was[0], bytes));
        }
        all.sort((a, b) -> Long.compare(b.bytes, a.bytes));
        return all.subList(0, Math.min(top, all.size()));
    }
}
