package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.worker.JobReadiness.Transition;

/** Withdrawing from the pool and coming back, on made-up times. */
class JobReadinessTest {
    private static final Instant T0 = Instant.parse("2025-03-01T18:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Optional<String> BROKEN = Optional.of("the job user 65534:65534 cannot reach /w (chmod o+x /)");

    private final JobReadiness readiness = new JobReadiness(INTERVAL);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aWorkerSideFailureStartsOneCheckAndAPassingCheckChangesNothing() {
        assertTrue(readiness.ready());
        assertTrue(readiness.onWorkerSideFailure(at(0)), "check now");
        assertFalse(readiness.onWorkerSideFailure(at(0)), "one check at a time: a second failure meanwhile waits");
        assertEquals(Transition.NONE, readiness.onCheck(Optional.empty(), at(1)));
        assertTrue(readiness.ready());
        assertEquals(Optional.empty(), readiness.nextCheck(), "no periodic check while ready");
        assertTrue(readiness.onWorkerSideFailure(at(2)), "the next failure checks again");
    }

    @Test
    void aFailedCheckWithdrawsAndSchedulesTheNextCheck() {
        readiness.onWorkerSideFailure(at(0));
        assertEquals(Transition.WITHDRAW, readiness.onCheck(BROKEN, at(1)));
        assertFalse(readiness.ready());
        assertEquals(new JobReadiness.Snapshot(false, BROKEN, Optional.of(at(1)), Optional.of(at(31))),
                readiness.snapshot());
        assertFalse(readiness.onWorkerSideFailure(at(2)), "while withdrawn, failures do not start checks");
    }

    @Test
    void aWithdrawnWorkerChecksItselfEveryIntervalAndReturnsWhenTheCheckPasses() {
        readiness.onWorkerSideFailure(at(0));
        readiness.onCheck(BROKEN, at(1));
        assertFalse(readiness.recheckDue(at(30)), "not before the interval");
        assertTrue(readiness.recheckDue(at(31)));
        assertFalse(readiness.recheckDue(at(31)), "it is running");
        Optional<String> other = Optional.of("POV-Ray is missing (apt-get install povray)");
        assertEquals(Transition.NONE, readiness.onCheck(other, at(32)), "still out");
        assertEquals(new JobReadiness.Snapshot(false, other, Optional.of(at(1)), Optional.of(at(62))),
                readiness.snapshot(), "the latest problem, the original withdrawal time, the next check");
        assertFalse(readiness.recheckDue(at(61)));
        assertTrue(readiness.recheckDue(at(62)));
        assertEquals(Transition.RETURN, readiness.onCheck(Optional.empty(), at(63)));
        assertEquals(new JobReadiness.Snapshot(true, Optional.empty(), Optional.empty(), Optional.empty()),
                readiness.snapshot());
        assertFalse(readiness.recheckDue(at(1000)), "no periodic check once back");
    }

    @Test
    void aFailureAfterComingBackWithdrawsAgain() {
        readiness.onWorkerSideFailure(at(0));
        readiness.onCheck(BROKEN, at(0));
        readiness.recheckDue(at(30));
        readiness.onCheck(Optional.empty(), at(30));
        assertTrue(readiness.onWorkerSideFailure(at(40)));
        assertEquals(Transition.WITHDRAW, readiness.onCheck(BROKEN, at(41)));
        assertEquals(Optional.of(at(71)), readiness.nextCheck());
    }

    @Test
    void theIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new JobReadiness(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new JobReadiness(Duration.ofSeconds(-1)));
    }
}
