package org.raypool.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the worker can run jobs, as its self-check last said, and when to ask it again: the state machine behind
 * withdrawing from the pool and coming back. A job that failed for a reason of the worker's own triggers a check;
 * a failed check withdraws the worker; while withdrawn it is checked again every {@code interval}; a check that
 * passes brings it back. At most one check runs at a time.
 *
 * <p>No clock, no threads, no I/O: the time comes in with each event; {@link Worker} runs the checks and carries
 * the transitions out. Not thread-safe; the worker calls it under a lock.
 */
public final class JobReadiness {
    /** How often a withdrawn worker checks itself again unless configured otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** What a check's result changes. */
    public enum Transition {
        /** Jobs cannot run any more: deregister and refuse sessions. */
        WITHDRAW,
        /** Jobs can run again: register and accept sessions. */
        RETURN,
        /** Nothing changes. */
        NONE
    }

    /**
     * The state for status reports.
     *
     * @param ready     whether jobs can run (the worker is not withdrawn)
     * @param problem   what the last failed check said, while withdrawn
     * @param since     when the worker withdrew, while withdrawn
     * @param nextCheck when it checks itself again, while withdrawn
     */
    public record Snapshot(boolean ready, Optional<String> problem, Optional<Instant> since,
            Optional<Instant> nextCheck) {
    }

    private final Duration interval;
    private boolean ready = true;
    private boolean checking;
    private String problem;
    private Instant since;
    private Instant nextCheck;

    public JobReadiness(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the self-check interval must be positive");
        }
        this.interval = interval;
    }

    public Duration interval() {
        return interval;
    }

    public boolean ready() {
        return ready;
    }

    /**
     * A job failed for a reason of the worker's own. True when a check is to run now (the caller runs it and
     * reports with {@link #onCheck}); false while withdrawn (the periodic check is on its way) or while a check runs.
     */
    public boolean onWorkerSideFailure(Instant now) {
        Objects.requireNonNull(now, "now");
        if (!ready || checking) return false;
        checking = true;
        return true;
    }

    /** Whether the periodic check of a withdrawn worker is due at {@code now}; true means: run it now. */
    public boolean recheckDue(Instant now) {
        if (ready || checking || now.isBefore(nextCheck)) return false;
        checking = true;
        return true;
    }

    /** The result of the check started after {@link #onWorkerSideFailure} or {@link #recheckDue} said so. */
    public Transition onCheck(Optional<String> failed, Instant now) {
        checking = false;
        if (failed.isPresent()) {
            problem = failed.get();
            nextCheck = now.plus(interval);
            if (!ready) return Transition.NONE;
            ready = false;
            since = now;
            return Transition.WITHDRAW;
        }
        if (ready) return Transition.NONE;
        ready = true;
        problem = null;
        since = null;
        nextCheck = null;
        return Transition.RETURN;
    }

    /** When the next periodic check is due; empty while ready. */
    public Optional<Instant> nextCheck() {
        return Optional.ofNullable(nextCheck);
    }

    public Snapshot snapshot() {
        return new Snapshot(ready, Optional.ofNullable(problem), Optional.ofNullable(since),
                Optional.ofNullable(nextCheck));
    }
}
