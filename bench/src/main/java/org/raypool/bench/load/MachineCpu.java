package org.raypool.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU time from /proc (Linux): busy time of all CPUs together, and the load average. */
final class MachineCpu {
    /** USER_HZ, the unit of /proc/stat; 100 on every Linux architecture Java runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {}

    /** Busy CPU time of all CPUs since boot (everything but idle and iowait), nanoseconds; 0 where unknown. */
    static long busyNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) return parseBusyTicks(line) * NANOS_PER_TICK;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the column shows 0
        }
        return 0;
    }

    /** The busy ticks of a {@code cpu  user nice system idle iowait irq softirq steal ...} line. */
    static long parseBusyTicks(String line) {
        String[] f = line.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
