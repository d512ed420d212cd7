package org.raypool.submit.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.failure.RenderFailure;
import org.raypool.submit.session.FailureKind;
import org.raypool.submit.session.Worker;
import org.raypool.testing.Await;

/**
 * The dispatcher's rules with scripted attempts on a pool in memory: sessions = free slots (and the bound), no wait
 * after a busy or lost worker, retries with backoff after failures, avoidance, reports, attempt ids, the empty pool.
 */
class DispatcherTest {
    private static final Duration STALL = Duration.ofSeconds(30);
    /** A retry delay no test may wait for: whatever must happen "at once" fails the test if it waits this long. */
    private static final RetryPolicy SLOW_RETRY = RetryPolicy.of(1, Duration.ofSeconds(20));

    @TempDir
    Path tmp;

    /** What a scripted attempt is told and does. */
    record Call(String job, long attemptId, Worker worker, long startedNanos, AttemptProgress progress) {}

    interface Script {
        AttemptResult run(JobRecord job, Call call) throws InterruptedException;
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private FakePool pool = new FakePool(1, 2, 3, 4, 5, 6);

    private static Worker worker(int id) {
        return FakePool.worker(id);
    }

    private List<JobRecord> jobs(int n) {
        List<JobRecord> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RenderJob job = RenderJob.wholeFrame(tmp.resolve("scene" + i + ".pov"), new ImageSize(64, 48), RenderOptions.defaults());
            jobs.add(new JobRecord(i, job));
        }
        return jobs;
    }

    private Dispatcher dispatcher(List<JobRecord> jobs, int parallel, RetryPolicy retry, Script script, Duration stall) {
        Attempt.Factory factory = (job, attemptId, worker, progress) -> new Attempt() {
            @Override
            public AttemptResult run() throws InterruptedException {
                Call call = new Call(job.name(), attemptId, worker, System.nanoTime(), progress);
                calls.add(call);
                progress.activity();
                return script.run(job, call);
            }

            @Override
            public void cancel() {}
        };
        return new Dispatcher(jobs, parallel, retry, factory, pool, (job, log) -> {
            logs.put(job.name(), log);
            return tmp.resolve(job.name() + ".log");
        }, job -> {}, stall);
    }

    private static AttemptResult rendered(JobRecord job, Worker worker) {
        return new AttemptResult.Rendered(Path.of(job.name() + ".png"), worker, "node1");
    }

    private List<Integer> workersOf(JobRecord job) {
        return calls.stream().filter(c -> c.job().equals(job.name())).map(c -> c.worker().identifier()).toList();
    }

    @Test
    void neverRunsMoreThanParallelAttemptsAtOnce() throws Exception {
        pool = new FakePool().add(1, 8, 0);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // the first three attempts wait for each other, so three do run at once however the threads are scheduled
        CountDownLatch threeRunning = new CountDownLatch(3);
        List<JobRecord> jobs = jobs(12);
        Dispatcher d = dispatcher(jobs, 3, SLOW_RETRY, (job, call) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            threeRunning.countDown();
            threeRunning.await(30, TimeUnit.SECONDS);
            now.decrementAndGet();
            return rendered(job, call.worker());
        }, STALL);
        Dispatcher.Outcome outcome = d.run();
        assertTrue(outcome.allRendered());
        assertTrue(most.get() <= 3, "never more than three sessions at once: " + most.get());
        assertEquals(3, d.mostRunning(), "three at once while there is work");
        assertEquals(12, calls.size());
    }

    @Test
    void opensExactlyThePoolsFreeSlotsEachToAWorkerWithAFreeSlot() throws Exception {
        // worker 1: 2 slots, 1 taken by another user; worker 2: 3 slots; worker 3: 1 slot, taken
        pool = new FakePool().add(1, 2, 1).add(2, 3, 0).add(3, 1, 1);
        CountDownLatch allFour = new CountDownLatch(4);
        List<JobRecord> jobs = jobs(10);
        Map<Integer, AtomicInteger> at = new ConcurrentHashMap<>();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger now = new AtomicInteger();
        Dispatcher d = dispatcher(jobs, Integer.MAX_VALUE, SLOW_RETRY, (job, call) -> {
            int id = call.worker().identifier();
            int here = at.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            assertTrue(id == 1 ? here <= 1 : id == 2 ? here <= 3 : false, "worker " + id + " has " + here + " of ours");
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            allFour.countDown();
            allFour.await(30, TimeUnit.SECONDS);
            now.decrementAndGet();
            at.get(id).decrementAndGet();
            return rendered(job, call.worker());
        }, STALL);
        assertTrue(d.run().allRendered());
        assertEquals(4, d.mostRunning(), "1 free slot on worker 1 + 3 on worker 2");
        assertEquals(4, most.get());
        assertEquals(10, calls.size(), "no Not Ready, no second attempt");
    }

    @Test
    void aFreedSlotGetsTheNextJobAtOnceWithoutAResolution() throws Exception {
        pool = new FakePool().add(1, 1, 0);
        List<JobRecord> jobs = jobs(6);
        Dispatcher d = dispatcher(jobs, Integer.MAX_VALUE, SLOW_RETRY, (job, call) -> rendered(job, call.worker()), STALL);
        assertTrue(d.run().allRendered());
        for (int i = 1; i < calls.size(); i++) {
            long gap = (calls.get(i).startedNanos() - calls.get(i - 1).startedNanos()) / 1_000_000;
            assertTrue(gap < 150, "job " + i + " started " + gap + " ms after the slot's previous job");
        }
    }

    @Test
    void aSessionThatEndedFreesItsSlotWhileItsAttemptStillStoresTheImage() throws Exception {
        pool = new FakePool().add(1, 1, 0);
        CountDownLatch secondStarted = new CountDownLatch(1);
        List<JobRecord> jobs = jobs(2);
        Dispatcher d = dispatcher(jobs, Integer.MAX_VALUE, SLOW_RETRY, (job, call) -> {
            if (job.index() == 0) {
                call.progress().sessionEnded();
                // storing a big image: the slot is the next job's already
                assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "the next job started while this one stores");
            } else {
                secondStarted.countDown();
            }
            return rendered(job, call.worker());
        }, STALL);
        assertTrue(d.run().allRendered());
        assertEquals(1, d.mostRunning(), "one session at a time on the one slot");
    }

    @Test
    void aBusyWorkerCountsAsFullAndTheJobGoesToAnotherSlotWithoutBackoff() throws Exception {
        pool = new FakePool(1, 2);
        AtomicInteger notReady = new AtomicInteger();
        List<JobRecord> jobs = jobs(6);
        Dispatcher d = dispatcher(jobs, Integer.MAX_VALUE, SLOW_RETRY, (job, call) -> {
            // worker 1 is taken by another user whose session its registration does not show yet
            if (call.worker().identifier() == 1 && notReady.get() < 1) {
                notReady.incrementAndGet();
                return new AttemptResult.SessionFailed(FailureKind.NOT_READY, "fully loaded", call.worker());
            }
            return rendered(job, call.worker());
        }, STALL);
        long start = System.nanoTime();
        assertTrue(d.run().allRendered());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no retry delay after Not Ready");
        assertEquals(0, jobs.stream().mapToInt(JobRecord::failures).sum(), "busy is no failure: no backoff");
        assertEquals(0, jobs.stream().mapToInt(JobRecord::failovers).sum(), "busy workers are no failover");
        assertTrue(pool.reported.isEmpty(), "a busy worker is not reported");
    }

    private static final String CRASH = "POV-Ray crashed (signal 11, SIGSEGV) on the worker";

    private static AttemptResult crashed(Worker worker) {
        return new AttemptResult.JobFailed(139, RenderFailure.worker(CRASH),
                "ssrun: povray +Iscene.pov\nSegmentation fault\nssrun: POV-Ray exit code 139\n", worker);
    }

    @Test
    void workerSideFailureIsRetriedMaxRetryTimesOnOtherWorkersThenFailedWithItsLog() throws Exception {
        pool = new FakePool(1, 2, 3, 9);
        List<JobRecord> jobs = jobs(2);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(2, Duration.ofMillis(100)), (job, call) ->
                job.index() == 1 ? rendered(job, call.worker()) : crashed(call.worker()), STALL);
        Dispatcher.Outcome outcome = d.run();
        assertFalse(outcome.allRendered());
        JobRecord broken = jobs.get(0);
        assertEquals(JobState.FAILED, broken.state());
        assertEquals(3, broken.attempts(), "one run and two retries");
        assertEquals(CRASH, broken.failure());
        assertEquals(3, Set.copyOf(workersOf(broken)).size(), "each run on another worker: " + workersOf(broken));
        assertTrue(broken.logTail().contains("Segmentation fault"), broken.logTail());
        assertEquals(0, broken.failovers(), "a worker-side render failure is no failover");
        String log = logs.get(broken.name());
        assertTrue(log.contains("gave up after 3 attempts (--max-retry 2)"), log);
        assertTrue(log.contains("attempt 2 on worker 0x0000000"), log);
        assertEquals(JobState.DONE, jobs.get(1).state(), "the rest of the batch is unaffected");
        assertFalse(workersOf(jobs.get(1)).contains(workersOf(broken).get(0)),
                "the worker that crashed the first run gets no further job of the batch");
        assertTrue(pool.reported.isEmpty(), "a failed render says nothing about the worker's reachability");
    }

    @Test
    void workerSideFailureWaitsTheRetryDelay() throws Exception {
        pool = new FakePool(1, 2);
        List<JobRecord> jobs = jobs(1);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(400)), (job, call) ->
                call.attemptId() == 1 ? crashed(call.worker()) : rendered(job, call.worker()), STALL);
        assertTrue(d.run().allRendered());
        long gap = (calls.get(1).startedNanos() - calls.get(0).startedNanos()) / 1_000_000;
        assertTrue(gap >= 400 * 0.875 - 5, "a failed job waits its retry delay: " + gap + " ms");
    }

    @Test
    void userErrorFailsAtOnceWithOneAttemptAndItsReason() throws Exception {
        List<JobRecord> jobs = jobs(2);
        String reason = "scenes/bad.pov line 12: Parse Error: No matching } in 'sphere', camera found instead";
        Dispatcher d = dispatcher(jobs, 2, RetryPolicy.of(3, Duration.ofMillis(100)), (job, call) -> job.index() == 0
                ? new AttemptResult.JobFailed(1, RenderFailure.user(reason), "File 'bad.pov' line 12: Parse Error: No"
                        + " matching } in 'sphere', camera found\n instead\nssrun: POV-Ray exit code 1\n", call.worker())
                : rendered(job, call.worker()), STALL);
        d.run();
        JobRecord bad = jobs.get(0);
        assertEquals(JobState.FAILED, bad.state());
        assertEquals(1, bad.attempts(), "every worker would say the same: no retry");
        assertEquals(reason, bad.failure(), "the summary shows the user's file, line and POV-Ray's message");
        String log = logs.get(bad.name());
        assertTrue(log.startsWith("farm-submit: " + bad.job().scene() + " failed: " + reason + "\n"), log);
        assertTrue(log.contains("not retried"), log);
        assertTrue(log.contains("Parse Error: No matching }"), "POV-Ray's log follows the header: " + log);
        assertEquals(Map.of(), d.badWorkers(), "the worker did nothing wrong");
        assertEquals(JobState.DONE, jobs.get(1).state());
    }

    @Test
    void whenEveryWorkerFailedForWorkerSideReasonsTheJobsFailSayingSoInsteadOfLooping() throws Exception {
        pool = new FakePool(1, 2);
        List<JobRecord> jobs = jobs(3);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(5, Duration.ofMillis(100)), (job, call) -> crashed(call.worker()),
                STALL);
        long start = System.nanoTime();
        Dispatcher.Outcome outcome = d.run();
        assertFalse(outcome.allRendered());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "no loop with growing delays");
        for (JobRecord job : jobs) {
            assertEquals(JobState.FAILED, job.state(), job.name());
            assertTrue(job.failure().startsWith("every worker failed for worker-side reasons: 0x0000000"), job.failure());
            assertTrue(job.failure().contains(CRASH), job.failure());
        }
        assertEquals(2, jobs.stream().mapToInt(JobRecord::jobFailures).sum(), "one crash on each worker, then none");
        assertEquals(2, calls.size(), "the two crashes; then no worker is left to try");
        assertTrue(logs.get(jobs.get(2).name()).contains("every worker failed"), logs.get(jobs.get(2).name()));
    }

    @Test
    void aLostWorkersJobRunsOnAnotherFreeSlotAtOnceAndTheWorkerIsReported() throws Exception {
        pool = new FakePool(1, 2);
        List<JobRecord> jobs = jobs(2);
        Dispatcher d = dispatcher(jobs, Integer.MAX_VALUE, SLOW_RETRY, (job, call) -> {
            if (call.worker().identifier() == 1) {
                return new AttemptResult.SessionFailed(FailureKind.LOST, "connection reset", call.worker());
            }
            return rendered(job, call.worker());
        }, STALL);
        assertTrue(d.run().allRendered());
        JobRecord moved = jobs.stream().filter(j -> j.attempts() == 2).findFirst().orElseThrow();
        List<Call> its = calls.stream().filter(c -> c.job().equals(moved.name())).toList();
        long gap = (its.get(1).startedNanos() - its.get(0).startedNanos()) / 1_000_000;
        assertTrue(gap < 1000, "the lost job runs elsewhere within 1 s, not after the 20 s retry delay: " + gap + " ms");
        assertEquals(2, its.get(1).worker().identifier());
        assertEquals(List.of(1), pool.reported.stream().map(Worker::identifier).toList());
        assertEquals(1, moved.failovers());
        assertEquals(0, moved.failures(), "a lost worker drives no backoff");
        assertEquals(Map.of(), d.badWorkers(), "a lost worker is a failover, not a worker bad for the batch");
    }

    @Test
    void onlyWorkersThatLookGoneAreReportedAndOnlyBrokenSessionsWait() throws Exception {
        List<JobRecord> jobs = jobs(1);
        FailureKind[] kinds = {FailureKind.NOT_READY, FailureKind.CONNECT_FAILED, FailureKind.PROTOCOL_ERROR,
                FailureKind.KEEP_ALIVE_TIMEOUT};
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(300)), (job, call) -> {
            int i = (int) call.attemptId() - 1;
            return i < kinds.length ? new AttemptResult.SessionFailed(kinds[i], "x", call.worker()) : rendered(job, call.worker());
        }, STALL);
        assertTrue(d.run().allRendered());
        List<Integer> used = calls.stream().map(c -> c.worker().identifier()).toList();
        assertEquals(List.of(used.get(1), used.get(3)), pool.reported.stream().map(Worker::identifier).toList());
        assertEquals(5, Set.copyOf(used).size(), "each try on another worker: " + used);
        assertEquals(2, jobs.get(0).failovers(), "a busy worker or a protocol error is no failover, a lost worker is");
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) gaps[i] = (calls.get(i + 1).startedNanos() - calls.get(i).startedNanos()) / 1_000_000;
        assertTrue(gaps[0] < 250 && gaps[1] < 250 && gaps[3] < 250, "no wait after busy or lost: " + java.util.Arrays.toString(gaps));
        assertTrue(gaps[2] >= 300 * 0.875 - 5, "a broken session waits the retry delay: " + gaps[2]);
    }

    @Test
    void lateResultOfAnAbandonedAttemptNeverOverwritesTheNewerOne() throws Exception {
        List<JobRecord> jobs = jobs(1);
        Path image = tmp.resolve("image.png");
        CountDownLatch newerWritten = new CountDownLatch(1);
        CountDownLatch lateTried = new CountDownLatch(1);
        List<Boolean> lateAccepted = Collections.synchronizedList(new ArrayList<>());
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            if (call.attemptId() == 1) {
                // wedged: no sign of life until long after the dispatcher gave it up, then a result after all
                newerWritten.await(10, TimeUnit.SECONDS);
                try {
                    lateAccepted.add(job.gate(1).commit(() -> Files.writeString(image, "late")));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    lateTried.countDown();
                }
                return rendered(job, call.worker());
            }
            try {
                assertTrue(job.gate(call.attemptId()).commit(() -> Files.writeString(image, "newer")));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            newerWritten.countDown();
            return rendered(job, call.worker());
        }, Duration.ofMillis(300));
        assertTrue(d.run().allRendered());
        assertTrue(lateTried.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(false), lateAccepted, "the abandoned attempt's output is refused");
        assertEquals("newer", Files.readString(image));
        assertEquals(2, jobs.get(0).attempts());
        assertEquals(1, jobs.get(0).failovers(), "a stalled attempt given up counts as a failover");
    }

    @Test
    void noRegistrarBeforeAnyContactStopsTheBatchWithTheMessage() throws Exception {
        pool.noRegistrar = true;
        List<JobRecord> jobs = jobs(3);
        Dispatcher d = dispatcher(jobs, 1, SLOW_RETRY, (job, call) -> rendered(job, call.worker()), STALL);
        Dispatcher.Outcome outcome = d.run();
        assertEquals("no registrar reachable: [/127.0.0.1:9]: refused", outcome.fatal().orElseThrow());
        assertEquals(0, calls.size());
        assertEquals(1, pool.resolutions.get(), "no storm of resolutions against a missing registrar");
        assertTrue(jobs.stream().allMatch(j -> j.state() == JobState.CANCELLED));
    }

    @Test
    void anEmptyPoolIsAnnouncedOnceAndWaitedForUpToTheBound() throws Exception {
        pool = new FakePool();
        List<JobRecord> jobs = jobs(2);
        List<Duration> notices = new CopyOnWriteArrayList<>();
        Dispatcher d = dispatcher(jobs, 1, SLOW_RETRY, (job, call) -> rendered(job, call.worker()), STALL)
                .registrarReached().emptyPoolWait(new Dispatcher.EmptyPoolWait(Optional.of(Duration.ofMillis(600)),
                        Duration.ofMinutes(1), notices::add, "no worker within --wait 600ms"));
        long start = System.nanoTime();
        Dispatcher.Outcome outcome = d.run();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(d.waitExpired());
        assertEquals("no worker within --wait 600ms", outcome.fatal().orElseThrow());
        assertEquals(List.of(Duration.ZERO), notices, "said once");
        assertTrue(took >= 600 && took < 3000, "stopped after the bound: " + took + " ms");
        assertTrue(pool.resolutions.get() <= 2 + took / SlotBook.RESOLUTION_INTERVAL.toMillis(),
                "at most one resolution per interval: " + pool.resolutions.get() + " in " + took + " ms");
        assertTrue(jobs.stream().allMatch(j -> j.state() == JobState.CANCELLED));
    }

    @Test
    void aWorkerThatJoinsGetsAJobWithinHalfASecond() throws Exception {
        pool = new FakePool();
        List<JobRecord> jobs = jobs(1);
        long[] joined = new long[1];
        Thread joiner = new Thread(() -> {
            try {
                Await.until("a resolution", () -> pool.resolutions.get() > 0);
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            joined[0] = System.nanoTime();
            pool.add(5, 1, 0);
        });
        joiner.start();
        Dispatcher d = dispatcher(jobs, 1, SLOW_RETRY, (job, call) -> rendered(job, call.worker()), STALL)
                .registrarReached();
        assertTrue(d.run().allRendered());
        joiner.join();
        long after = (calls.get(0).startedNanos() - joined[0]) / 1_000_000;
        assertTrue(after >= 0 && after < 500, "the joining worker's job started " + after + " ms after it joined");
    }

    @Test
    void badSceneFailsAtOnceWithoutRetry() throws Exception {
        List<JobRecord> jobs = jobs(2);
        Dispatcher d = dispatcher(jobs, 2, RetryPolicy.of(3, Duration.ofMillis(100)), (job, call) -> job.index() == 0
                ? new AttemptResult.BadScene("scene0.pov:3: #include \"missing.inc\": file not found") : rendered(job, call.worker()),
                STALL);
        d.run();
        assertEquals(JobState.FAILED, jobs.get(0).state());
        assertEquals(1, jobs.get(0).attempts());
        assertTrue(logs.get(jobs.get(0).name()).contains("missing.inc"));
        assertEquals(JobState.DONE, jobs.get(1).state());
    }

    @Test
    void cancelStopsRunningAndWaitingJobsAndKeepsWhatIsDone() throws Exception {
        List<JobRecord> jobs = jobs(4);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        Dispatcher[] holder = new Dispatcher[1];
        // the attempts after the first run until the batch is cancelled, and end as a cancelled session does
        Dispatcher d = dispatcher(jobs, 2, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            if (job.index() == 0) return rendered(job, call.worker());
            started.countDown();
            cancelled.await(30, TimeUnit.SECONDS);
            return new AttemptResult.SessionFailed(FailureKind.CANCELLED, "cancelled", worker(1));
        }, STALL);
        holder[0] = d;
        Thread canceller = new Thread(() -> {
            try {
                started.await();
                Await.until("the first job is done", () -> jobs.get(0).state() == JobState.DONE);
            } catch (InterruptedException e) {
                return;
            }
            holder[0].cancel();
            cancelled.countDown();
        });
        canceller.start();
        Dispatcher.Outcome outcome = d.run();
        assertTrue(outcome.cancelled());
        assertEquals(JobState.DONE, jobs.get(0).state());
        for (int i = 1; i < 4; i++) assertEquals(JobState.CANCELLED, jobs.get(i).state(), jobs.get(i).name());
    }
}
