package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's own promises: order of tasks and timers, cancelling, failures that do not stop it, closing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IoLoopTest {

    private final IoLoop loop = new IoLoop("test-io-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    /** Runs {@code task} on the loop and waits for it. */
    private <T> T on(java.util.function.Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(task.get()));
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void tasksRunInSubmissionOrderOnTheLoopThread() throws Exception {
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> ran.add(n));
        }
        assertEquals("test-io-loop", on(() -> Thread.currentThread().getName()));
        assertTrue(on(loop::inLoop));
        assertFalse(loop.inLoop());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) expected.add(i);
        assertEquals(expected, on(() -> List.copyOf(ran)));
    }

    @Test
    void timersRunByDeadlineAndEqualDeadlinesInSchedulingOrder() throws Exception {
        List<String> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            loop.schedule(Duration.ofMillis(60), () -> {
                ran.add("60");
                done.countDown();
            });
            loop.schedule(Duration.ofMillis(20), () -> ran.add("20"));
            loop.schedule(Duration.ZERO, () -> ran.add("0a"));
            loop.schedule(Duration.ofMillis(-5), () -> ran.add("0b"));
            loop.schedule(Duration.ofMillis(40), () -> ran.add("40"));
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("0a", "0b", "20", "40", "60"), on(() -> List.copyOf(ran)));
    }

    @Test
    void aCancelledTimerNeverRunsAndCancellingARunTimerIsHarmless() throws Exception {
        List<String> ran = new ArrayList<>();
        ScheduledFuture<?> cancelled = loop.schedule(Duration.ofMillis(50), () -> ran.add("cancelled"));
        ScheduledFuture<?> runs = loop.schedule(Duration.ofMillis(100), () -> ran.add("runs"));
        assertTrue(cancelled.cancel(false));
        assertTrue(cancelled.isCancelled() && cancelled.isDone());
        assertThrows(CancellationException.class, cancelled::get);
        runs.get(30, TimeUnit.SECONDS);
        assertTrue(runs.isDone());
        assertFalse(runs.cancel(false));
        assertFalse(runs.isCancelled());
        assertEquals(List.of("runs"), on(() -> List.copyOf(ran)));
    }

    @Test
    void manyCancelledTimersAreDroppedAndTheRestStillRun() throws Exception {
        List<ScheduledFuture<?>> timers = new ArrayList<>();
        for (int i = 0; i < 500; i++) timers.add(loop.schedule(Duration.ofHours(1), () -> {}));
        timers.forEach(t -> t.cancel(false));
        CountDownLatch ran = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(10), ran::countDown);
        assertTrue(ran.await(30, TimeUnit.SECONDS));
    }

    @Test
    void aFailingTaskOrTimerDoesNotStopTheLoop() throws Exception {
        loop.execute(() -> {
            throw new IllegalStateException("test: task");
        });
        loop.schedule(Duration.ZERO, () -> {
            throw new AssertionError("test: timer");
        });
        CountDownLatch after = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(5), after::countDown);
        assertTrue(after.await(30, TimeUnit.SECONDS));
        assertEquals(1, on(() -> 1));
    }

    @Test
    void closeStopsTheLoopAndRefusesNewTasks() throws Exception {
        assertTrue(loop.isOpen());
        loop.close();
        loop.close();
        assertFalse(loop.isOpen());
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> {}));
        assertThrows(RejectedExecutionException.class, () -> loop.schedule(Duration.ZERO, () -> {}));
    }
}
