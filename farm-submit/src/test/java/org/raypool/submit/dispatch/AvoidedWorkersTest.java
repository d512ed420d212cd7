package org.raypool.submit.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which worker an attempt gets from what the registrar offers and what is avoided. */
class AvoidedWorkersTest {

    private static Optional<Integer> pick(FakePool pool, Set<Integer> forJob, Set<Integer> forBatch) throws Exception {
        return new AvoidedWorkers(forJob, forBatch).pick(pool).map(w -> w.identifier());
    }

    @Test
    void aWorkerAvoidedForNothingIsTakenFirst() throws Exception {
        assertEquals(Optional.of(3), pick(new FakePool(1, 2, 3), Set.of(1), Set.of(2)));
        assertEquals(Optional.of(1), pick(new FakePool(1, 2), Set.of(), Set.of()));
    }

    @Test
    void aWorkerAvoidedForThisJobAloneIsBetterThanOneBadForTheBatch() throws Exception {
        FakePool pool = new FakePool(1, 2);
        assertEquals(Optional.of(2), pick(pool, Set.of(2), Set.of(1)), "2 was busy or lost for this job; 1 is bad");
        assertEquals(2, pool.picks.get(), "asked again, avoiding the bad worker only");
    }

    @Test
    void whenOnlyWorkersBadForTheBatchAreOfferedThereIsNone() throws Exception {
        assertEquals(Optional.empty(), pick(new FakePool(1, 2), Set.of(), Set.of(1, 2)));
        assertEquals(Optional.empty(), pick(new FakePool(1, 2), Set.of(1), Set.of(2, 1)));
    }

    @Test
    void workersOfTheJobAndOfTheBatchAreAvoidedTogether() {
        assertEquals(Set.of(1, 2, 3), new AvoidedWorkers(Set.of(1, 2), Set.of(2, 3)).all());
    }
}
