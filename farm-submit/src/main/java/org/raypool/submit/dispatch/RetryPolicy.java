package org.raypool.submit.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.raypool.submit.failure.RenderFailure;
import org.raypool.submit.session.FailureKind;

/**
 * The one place that says when a job is tried again (docs/protocol/scripting-service.md §6.3, with exponential
 * backoff):
 * <ul>
 * <li>a job that POV-Ray stops on an error in the user's own files is not retried: every worker would say the
 *     same ({@link RenderFailure});</li>
 * <li>a job that fails on a worker for worker-side reasons (non-zero final Status) is retried at most
 *     {@code maxRetry} times, then reported failed (RSPLIB's default {@code -maxretry=3} means the same as our
 *     default 1: at most two runs);</li>
 * <li>a failure of the worker or the session (lost, Not Ready, keep-alive timeout, broken session) is retried
 *     without limit;</li>
 * <li>a worker that is merely busy (Not Ready) or gone (reset, closed, silent, unreachable) costs no wait: the job
 *     goes to the next free slot at once ({@link #waitsAfter}); the pool being full or empty is no failure at all
 *     (the dispatcher waits for a free slot);</li>
 * <li>every other retry (a failed job, a broken session) waits {@code retryDelay × 2^(n-1)} for the job's n-th
 *     failure, at most {@code maxDelay} (but never less than retryDelay), randomised by ±12.5 % as RSPLIB does
 *     (scriptingclient.cc, randomizeWaitingTime).</li>
 * </ul>
 */
public record RetryPolicy(int maxRetry, Duration retryDelay, Duration maxDelay) {

    public static final int DEFAULT_MAX_RETRY = 1;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(10_000);
    public static final Duration MIN_RETRY_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);

    public RetryPolicy {
        if (maxRetry < 0) throw new IllegalArgumentException("max retry must be >= 0, got " + maxRetry);
        if (retryDelay.compareTo(MIN_RETRY_DELAY) < 0) {
            throw new IllegalArgumentException("retry delay must be at least " + MIN_RETRY_DELAY.toMillis() + " ms");
        }
    }

    public static RetryPolicy of(int maxRetry, Duration retryDelay) {
        return new RetryPolicy(maxRetry, retryDelay, DEFAULT_MAX_DELAY);
    }

    /**
     * Whether a job that failed on a worker {@code jobFailures} times (so far), the last time for reasons on
     * {@code side}, gets another run: never after an error in the user's own files.
     */
    public boolean retryAfterJobFailure(RenderFailure.Side side, int jobFailures) {
        return side == RenderFailure.Side.WORKER && jobFailures <= maxRetry;
    }

    /**
     * Whether a session that failed this way waits for its retry: not when the worker was busy or is gone, which
     * says nothing about the job (RSPLIB sleeps RetryDelay on every failover; its pool user has one session and no
     * other slot to go to, we have the pool's).
     */
    public boolean waitsAfter(FailureKind kind) {
        return kind != FailureKind.NOT_READY && !kind.workerUnreachable();
    }

    /** The wait before the next try after the job's {@code failures}-th failure (1-based), without jitter. */
    public Duration nominalDelay(int failures) {
        long base = retryDelay.toMillis();
        long cap = Math.max(base, maxDelay.toMillis());
        int exponent = Math.max(0, Math.min(failures - 1, 30));
        long delay = base > (cap >> exponent) ? cap : base << exponent;
        return Duration.ofMillis(Math.min(cap, delay));
    }

    /** {@link #nominalDelay} randomised by a factor in [0.875, 1.125]. */
    public Duration delay(int failures) {
        double factor = 0.875 + 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(nominalDelay(failures).toMillis() * factor));
    }
}
