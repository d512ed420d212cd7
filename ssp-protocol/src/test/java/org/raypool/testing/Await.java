package org.raypool.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The one way a test waits for something another thread or process does: poll a probe until its value satisfies a
 * condition or a deadline passes, then fail with what was last seen (value or exception). No test sleeps a fixed time
 * and hopes; a slow machine only makes the wait longer, never the verdict different.
 */
public final class Await {
    /** How long a probe is polled when the test names no deadline: generous, since it costs only on failure. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 100;

    private Await() {}

    /** A probe that may throw (reading a file, asking a server); a throw counts as "not yet". */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** A condition that may throw; a throw counts as "not yet". */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value and returns that value; fails after {@code timeout}
     * with {@code what}, the last value and the last exception.
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(done, "done");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        boolean seen = false;
        T last = null;
        Exception lastFailure = null;
        while (true) {
            try {
                last = probe.read();
                seen = true;
                lastFailure = null;
                if (done.test(last)) return last;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastFailure = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                AssertionError failure = new AssertionError("waited " + timeout.toMillis() + " ms for " + what
                        + "; last seen: " + (seen ? String.valueOf(last) : "nothing")
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure));
                if (lastFailure != null) failure.initCause(lastFailure);
                throw failure;
            }
            Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    /** {@link #until(String, Duration, Probe, Predicate)} with {@link #DEFAULT_TIMEOUT}. */
    public static <T> T until(String what, Probe<T> probe, Predicate<? super T> done) throws InterruptedException {
        return until(what, DEFAULT_TIMEOUT, probe, done);
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout} naming {@code what}. */
    public static void until(String what, Duration timeout, Condition condition) throws InterruptedException {
        until(what, timeout, condition::holds, Boolean.TRUE::equals);
    }

    /** {@link #until(String, Duration, Condition)} with {@link #DEFAULT_TIMEOUT}. */
    public static void until(String what, Condition condition) throws InterruptedException {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /** Polls {@code call} until it returns without throwing and returns its value (e.g. an assertion block). */
    public static <T> T untilNoFailure(String what, Duration timeout, Callable<T> call) throws InterruptedException {
        return until(what, timeout, call::call, value -> true);
    }
}
