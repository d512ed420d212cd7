package org.raypool.worker.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * When the worker serves: while any of its windows is open, or always when it has none.
 *
 * @param windows the {@code --serve-window} options; empty = always serve
 */
public record ServeSchedule(List<ServeWindow> windows) {
    /** How far ahead {@link #nextChange} looks. */
    static final Duration HORIZON = Duration.ofDays(400);
    /** Bounds the work for expressions that fire very often; the watcher looks at least once a minute anyway. */
    private static final int MAX_STEPS = 2_000;

    public ServeSchedule {
        windows = List.copyOf(windows);
    }

    public static ServeSchedule always() {
        return new ServeSchedule(List.of());
    }

    public boolean isAlwaysOpen() {
        return windows.isEmpty();
    }

    public boolean isOpen(Instant t, ZoneId zone) {
        return isOpen(t, windows.stream().map(w -> w.in(zone)).toList());
    }

    /**
     * The first instant after {@code now} at which {@link #isOpen} differs from now; empty if that does not happen
     * within {@link #HORIZON} or {@link #MAX_STEPS} window boundaries (no windows, windows that cover every moment,
     * expressions that stop firing).
     */
    public Optional<Instant> nextChange(Instant now, ZoneId zone) {
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        List<ServeWindow.Openings> openings = windows.stream().map(w -> w.in(zone)).toList();
        boolean open = isOpen(now, openings);
        Instant limit = now.plus(HORIZON);
        Instant t = now;
        for (int step = 0; step < MAX_STEPS; step++) {
            Instant from = t;
            Optional<Instant> boundary = openings.stream().map(o -> o.nextBoundary(from))
                    .flatMap(Optional::stream).min(Instant::compareTo);
            if (boundary.isEmpty() || boundary.get().isAfter(limit)) {
                return Optional.empty();
            }
            t = boundary.get();
            if (isOpen(t, openings) != open) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private boolean isOpen(Instant t, List<ServeWindow.Openings> openings) {
        return openings.isEmpty() || openings.stream().anyMatch(o -> o.isOpen(t));
    }
}
