package org.raypool.cli.http;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** A Prometheus-style cumulative histogram of durations with fixed buckets; lock-free, any thread may record. */
public final class LatencyHistogram {
    /** Upper bounds in seconds, from 50 µs to 1 s: handle resolutions take tens of µs, a busy loop milliseconds. */
    public static final List<Double> DEFAULT_BOUNDS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 1.0);

    private final List<Double> bounds;
    private final long[] boundNanos;
    private final AtomicLongArray counts;
    private final AtomicLong sumNanos = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    public LatencyHistogram() {
        this(DEFAULT_BOUNDS);
    }

    public LatencyHistogram(List<Double> bounds) {
        this.bounds = List.copyOf(bounds);
        this.boundNanos = bounds.stream().mapToLong(b -> Math.round(b * 1e9)).toArray();
        this.counts = new AtomicLongArray(bounds.size());
    }

    public void record(long nanos) {
        for (int i = 0; i < boundNanos.length; i++) {
            if (nanos <= boundNanos[i]) {
                counts.incrementAndGet(i);
                break;
            }
        }
        sumNanos.addAndGet(nanos);
        count.incrementAndGet();
    }

    /** The buckets as Prometheus wants them: cumulative counts per upper bound, then +Inf = count. */
    public Snapshot snapshot() {
        long[] cumulative = new long[boundNanos.length];
        long running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        return new Snapshot(bounds, cumulative, sumNanos.get() / 1e9, Math.max(running, count.get()));
    }

    /** @param cumulative the count of durations up to each bound */
    public record Snapshot(List<Double> bounds, long[] cumulative, double sumSeconds, long count) {
    }
}
