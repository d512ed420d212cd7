package org.raypool.worker.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes the worker's service as its {@link ServeSchedule} says, looking at the clock at every window
 * boundary and at least once a minute (so a changed system clock or a suspended laptop is noticed). Opening can
 * fail (no registrar); it is retried every 10 s while the window stays open.
 */
public final class ServeWindowWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServeWindowWatcher.class);
    static final Duration MAX_SLEEP = Duration.ofMinutes(1);
    static final Duration OPEN_RETRY = Duration.ofSeconds(10);
    /** Wake a little after a boundary, so that a timer firing a hair early does not find the old state. */
    private static final Duration MARGIN = Duration.ofMillis(50);

    /** What the watcher switches. */
    public interface Gate {
        /** Starts serving (register); false if that failed and should be tried again. */
        boolean open();

        /** Stops serving (deregister); running sessions finish. */
        void close();
    }

    private final ServeSchedule schedule;
    private final Clock clock;
    private final Gate gate;
    private final ScheduledExecutorService timer;
    private boolean serving;

    /** @param servingNow whether the gate is open already (the worker registered at start-up) */
    public ServeWindowWatcher(ServeSchedule schedule, Clock clock, Gate gate, boolean servingNow) {
        this.schedule = schedule;
        this.clock = clock;
        this.gate = gate;
        this.serving = servingNow;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serve-window");
            t.setDaemon(true);
            return t;
        });
    }

    public synchronized boolean serving() {
        return serving;
    }

    /** Applies the schedule at the clock's present and says how long to wait before looking again. */
    public synchronized Duration evaluate() {
        Instant now = clock.instant();
        boolean open = schedule.isOpen(now, clock.getZone());
        Optional<Instant> change = schedule.nextChange(now, clock.getZone());
        if (open && !serving) {
            log.info("serve window open{}; serving", change.map(c -> " until " + c.atZone(clock.getZone())).orElse(""));
            serving = gate.open();
            if (!serving) {
                log.warn("could not start serving; trying again in {} s", OPEN_RETRY.toSeconds());
                return shortest(until(now, change), OPEN_RETRY);
            }
        } else if (!open && serving) {
            log.info("serve window closed; finishing running sessions and idling{}",
                    change.map(c -> " until " + c.atZone(clock.getZone())).orElse(""));
            gate.close();
            serving = false;
        }
        return until(now, change);
    }

    /** Evaluates now and then at every boundary. */
    public void start() {
        timer.execute(this::run);
    }

    private void run() {
        Duration wait;
        try {
            wait = evaluate();
        } catch (RuntimeException e) {
            log.error("serve window check failed", e);
            wait = OPEN_RETRY;
        }
        try {
            timer.schedule(this::run, wait.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the worker is stopping
        }
    }

    private static Duration until(Instant now, Optional<Instant> change) {
        return shortest(change.map(c -> Duration.between(now, c)).orElse(MAX_SLEEP), MAX_SLEEP);
    }

    private static Duration shortest(Duration a, Duration b) {
        Duration d = a.compareTo(b) <= 0 ? a : b;
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
