package org.raypool.submit.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory.PoolMember;

/** Slot accounting and placement as values: time passed in, no threads, no sleeps. */
class SlotBookTest {
    private static final Set<Integer> NONE = Set.of();

    private static Worker w(int id) {
        return FakePool.worker(id);
    }

    private static PoolMember member(int id, int sessions, int busy) {
        return new PoolMember(w(id), sessions, busy);
    }

    private static Optional<Integer> place(SlotBook book, Set<Integer> avoid, Set<Integer> never, long now) {
        return book.place(avoid, never, now).map(Worker::identifier);
    }

    @Test
    void freeSlotsAreCapacityMinusOtherUsersMinusOurs() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 4, 1), member(2, 2, 2), member(3, 1, 0)), 0);
        assertEquals(3 + 0 + 1, book.freeSlots(NONE, 0));
        book.opened(w(1));
        book.opened(w(1));
        assertEquals(2, book.freeSlots(NONE, 0), "worker 1: 4 - 1 other - 2 ours = 1; worker 3: 1");
        assertEquals(1, book.freeSlots(Set.of(3), 0));
    }

    @Test
    void eachSessionGoesToTheWorkerWithTheMostFreeSlotsNotAllToOne() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 2, 0), member(2, 3, 0)), 0);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            Worker next = book.place(NONE, NONE, 0).orElseThrow();
            book.opened(next);
            order.append(next.identifier());
        }
        assertEquals("21212", order.toString());
        assertEquals(Optional.empty(), place(book, NONE, NONE, 0), "all five slots are ours");
    }

    @Test
    void ourOwnSessionsInTheRegisteredLoadAreNotCountedTwice() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 2, 0)), 0);
        book.opened(w(1));
        book.resolved(List.of(member(1, 2, 1)), 100);
        assertEquals(1, book.freeSlots(NONE, 100), "the busy session is ours");
        book.closed(1, 200, true);
        book.resolved(List.of(member(1, 2, 1)), 300);
        assertEquals(2, book.freeSlots(NONE, 300), "the load still shows our session that just ended");
        book.resolved(List.of(member(1, 2, 1)), 300 + SlotBook.SETTLE.toMillis() + 1);
        assertEquals(1, book.freeSlots(NONE, 2000), "a second later the busy session is someone else's");
    }

    @Test
    void aFreedSlotIsFreeAtOnceWithoutAResolution() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 1, 0)), 0);
        book.opened(w(1));
        assertEquals(Optional.empty(), place(book, NONE, NONE, 10));
        book.closed(1, 20, true);
        assertEquals(Optional.of(1), place(book, NONE, NONE, 20));
    }

    @Test
    void notReadyKeepsAWorkerFullUntilAResolutionAtLeastTheHoldLater() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 1, 0), member(2, 1, 0)), 0);
        book.notReady(1, 100);
        assertEquals(Optional.of(2), place(book, NONE, NONE, 100));
        book.resolved(List.of(member(1, 1, 0), member(2, 1, 0)), 300);
        assertEquals(1, book.freeSlots(NONE, 300), "still held: its load did not tell the truth 200 ms ago");
        book.resolved(List.of(member(1, 1, 0), member(2, 1, 0)), 100 + SlotBook.NOT_READY_HOLD.toMillis());
        assertEquals(2, book.freeSlots(NONE, 1200));
    }

    @Test
    void notReadyRightAfterOurSessionThereEndedIsTheWorkerStillReleasingTheSlot() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 1, 0)), 0);
        book.opened(w(1));
        book.closed(1, 1_000, true);
        book.notReady(1, 1_004);
        assertEquals(Optional.empty(), place(book, NONE, NONE, 1_010), "given a moment to clean up");
        assertEquals(1_004 + SlotBook.RELEASE_GRACE.toMillis(), book.nextRelease(1_010));
        assertEquals(Optional.of(1), place(book, NONE, NONE, 1_004 + SlotBook.RELEASE_GRACE.toMillis()),
                "tried again without waiting for a resolution");
        book.notReady(1, 1_000 + SlotBook.SETTLE.toMillis());
        assertEquals(0, book.freeSlots(NONE, 5_000), "a second after our session it is someone else's: held");
        assertEquals(Long.MAX_VALUE, book.nextRelease(5_000));

        SlotBook other = new SlotBook();
        other.resolved(List.of(member(2, 1, 0)), 0);
        other.opened(w(2));
        other.closed(2, 10, false);
        other.notReady(2, 20);
        assertEquals(Long.MAX_VALUE, other.nextRelease(20), "a Not Ready session never held the slot: no grace");
    }

    @Test
    void aLostWorkerGetsNoSessionForTheHoldEvenWhileTheRegistrarListsIt() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 1, 0), member(2, 1, 0)), 0);
        book.opened(w(1));
        book.closed(1, 50, true);
        book.lost(1, 50);
        assertEquals(Optional.of(2), place(book, NONE, NONE, 60));
        book.resolved(List.of(member(1, 1, 0), member(2, 1, 0)), 5_000);
        assertEquals(1, book.freeSlots(NONE, 5_000));
        assertEquals(2, book.freeSlots(NONE, 50 + SlotBook.LOST_HOLD.toMillis()));
    }

    @Test
    void aJobAvoidsWorkersThatFailedItWhileAnotherSlotIsFreeAndNeverBadOnes() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 3, 0), member(2, 1, 0), member(3, 1, 0)), 0);
        assertEquals(Optional.of(2), place(book, Set.of(1), Set.of(), 0), "1 has more free slots but failed the job");
        assertEquals(Optional.of(1), place(book, Set.of(1), Set.of(2, 3), 0), "only an avoided one left: taken");
        assertEquals(Optional.empty(), place(book, NONE, Set.of(1, 2, 3), 0), "never a worker bad for the batch");
        assertTrue(book.onlyWorkersIn(Set.of(1, 2, 3)));
        assertFalse(book.onlyWorkersIn(Set.of(1, 2)));
    }

    @Test
    void resolutionsOnlyWhileWantedAndAtMostOncePerInterval() {
        SlotBook book = new SlotBook();
        long interval = SlotBook.RESOLUTION_INTERVAL.toMillis();
        assertFalse(book.resolutionDue(false, 0), "nothing queued: no resolution");
        assertTrue(book.resolutionDue(true, 0), "the first at once");
        book.resolving(0);
        assertFalse(book.resolutionDue(true, interval * 5), "one at a time");
        assertEquals(Long.MAX_VALUE, book.nextResolution(), "nothing to wake up for while one runs");
        book.resolved(List.of(), 5);
        assertTrue(book.poolEmpty());
        assertEquals(interval, book.nextResolution());
        assertFalse(book.resolutionDue(true, interval - 1));
        assertTrue(book.resolutionDue(true, interval));
        book.resolving(interval);
        book.resolutionFailed();
        assertTrue(book.poolEmpty(), "a failed resolution keeps what was known");
        book.resolved(List.of(member(7, 1, 0)), interval + 1);
        assertFalse(book.poolEmpty());
        assertEquals(Optional.of(7), place(book, NONE, NONE, interval + 1));
    }

    @Test
    void aPolicyWithoutLoadCountsAsOneSlotLearntFromNotReady() {
        SlotBook book = new SlotBook();
        book.resolved(List.of(member(1, 1, 0)), 0);
        assertEquals(1, book.freeSlots(NONE, 0));
        book.notReady(1, 10);
        assertEquals(0, book.freeSlots(NONE, 10));
    }
}
