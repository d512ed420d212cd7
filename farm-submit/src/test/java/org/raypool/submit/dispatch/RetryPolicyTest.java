package org.raypool.submit.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raypool.submit.failure.RenderFailure.Side;
import org.raypool.submit.session.FailureKind;

class RetryPolicyTest {

    @Test
    void delayDoublesFromTheRetryDelayUpToTheCap() {
        RetryPolicy p = RetryPolicy.of(1, Duration.ofMillis(10_000));
        assertEquals(10_000, p.nominalDelay(1).toMillis());
        assertEquals(20_000, p.nominalDelay(2).toMillis());
        assertEquals(40_000, p.nominalDelay(3).toMillis());
        assertEquals(60_000, p.nominalDelay(4).toMillis());
        assertEquals(60_000, p.nominalDelay(1000).toMillis());
        assertEquals(120_000, RetryPolicy.of(1, Duration.ofMillis(120_000)).nominalDelay(5).toMillis(),
                "a retry delay above the cap is kept");
    }

    @Test
    void delayIsRandomisedByAnEighth() {
        RetryPolicy p = RetryPolicy.of(1, Duration.ofMillis(1000));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = p.delay(1).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 875 && min < 900, "min " + min);
        assertTrue(max <= 1125 && max > 1100, "max " + max);
    }

    @Test
    void maxRetryCountsRetriesAfterWorkerSideFailuresAndAUserErrorIsNeverRetried() {
        RetryPolicy p = RetryPolicy.of(1, Duration.ofMillis(100));
        assertTrue(p.retryAfterJobFailure(Side.WORKER, 1));
        assertFalse(p.retryAfterJobFailure(Side.WORKER, 2));
        assertFalse(p.retryAfterJobFailure(Side.USER, 1), "the same error would come from every worker");
        assertFalse(RetryPolicy.of(0, Duration.ofMillis(100)).retryAfterJobFailure(Side.WORKER, 1));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.of(1, Duration.ofMillis(99)));
    }

    @Test
    void aBusyOrLostWorkerCostsNoWaitAndOtherSessionFailuresDo() {
        RetryPolicy p = RetryPolicy.of(1, Duration.ofMillis(100));
        for (FailureKind kind : new FailureKind[] {FailureKind.NOT_READY, FailureKind.LOST, FailureKind.CONNECT_FAILED,
            FailureKind.KEEP_ALIVE_TIMEOUT}) {
            assertFalse(p.waitsAfter(kind), kind.name());
        }
        assertTrue(p.waitsAfter(FailureKind.PROTOCOL_ERROR));
        assertTrue(p.waitsAfter(FailureKind.JOB_FAILED));
    }
}
