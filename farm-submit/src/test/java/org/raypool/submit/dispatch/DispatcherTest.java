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

/** The dispatcher's rules with scripted attempts: the bound, retries, backoff, avoidance, reports, attempt ids. */
class DispatcherTest {
    private static final Duration STALL = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** What a scripted attempt is told and does. */
    record Call(String job, long attemptId, AvoidedWorkers avoid, long startedNanos) {}

    interface Script {
        AttemptResult run(JobRecord job, Call call) throws InterruptedException;
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Worker> reported = new CopyOnWriteArrayList<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();

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
        Attempt.Factory factory = (job, attemptId, avoid, progress) -> new Attempt() {
            final CountDownLatch cancelled = new CountDownLatch(1);

            @Override
            public AttemptResult run() throws InterruptedException {
                Call call = new Call(job.name(), attemptId, avoid, System.nanoTime());
                calls.add(call);
                progress.activity();
                return script.run(job, call);
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        };
        return new Dispatcher(jobs, parallel, retry, factory, reported::add, (job, log) -> {
            logs.put(job.name(), log);
            return tmp.resolve(job.name() + ".log");
        }, job -> {}, stall);
    }

    private static AttemptResult rendered(JobRecord job) {
        return rendered(job, worker(1));
    }

    private static AttemptResult rendered(JobRecord job, Worker worker) {
        return new AttemptResult.Rendered(Path.of(job.name() + ".png"), worker, "node1");
    }

    @Test
    void neverRunsMoreThanParallelAttemptsAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // the first three attempts wait for each other, so three do run at once however the threads are scheduled
        CountDownLatch threeRunning = new CountDownLatch(3);
        List<JobRecord> jobs = jobs(12);
        Dispatcher d = dispatcher(jobs, 3, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            threeRunning.countDown();
            threeRunning.await(30, TimeUnit.SECONDS);
            now.decrementAndGet();
            return rendered(job);
        }, STALL);
        Dispatcher.Outcome outcome = d.run();
        assertTrue(outcome.allRendered());
        assertTrue(most.get() <= 3, "never more than three sessions at once: " + most.get());
        assertEquals(3, d.mostRunning(), "three at once while there is work");
        assertEquals(12, calls.size());
    }

    @Test
    void aPoolShortOfWorkersDoesNotBurnTheQueuedJobsOnBusyAnswers() throws Exception {
        java.util.concurrent.Semaphore pool = new java.util.concurrent.Semaphore(2);
        AtomicInteger busy = new AtomicInteger();
        List<JobRecord> jobs = jobs(24);
        Dispatcher d = dispatcher(jobs, 3, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            if (!pool.tryAcquire()) {
                busy.incrementAndGet();
                return new AttemptResult.SessionFailed(FailureKind.NOT_READY, "fully loaded", worker(7));
            }
            try {
                Thread.sleep(30);
            } finally {
                pool.release();
            }
            return rendered(job);
        }, STALL);
        assertTrue(d.run().allRendered());
        int mostFailures = jobs.stream().mapToInt(JobRecord::failures).max().orElseThrow();
        assertTrue(busy.get() <= 12, "a busy answer holds its place in the queue, so few follow: " + busy.get());
        assertTrue(mostFailures <= 4, "no job's backoff grows far on busy answers: " + mostFailures);
        assertEquals(0, jobs.stream().mapToInt(JobRecord::failovers).sum(), "busy workers are no failover");
    }

    private static final String CRASH = "POV-Ray crashed (signal 11, SIGSEGV) on the worker";

    private static AttemptResult crashed(Worker worker) {
        return new AttemptResult.JobFailed(139, RenderFailure.worker(CRASH),
                "ssrun: povray +Iscene.pov\nSegmentation fault\nssrun: POV-Ray exit code 139\n", worker);
    }

    @Test
    void workerSideFailureIsRetriedMaxRetryTimesOnOtherWorkersThenFailedWithItsLog() throws Exception {
        List<JobRecord> jobs = jobs(2);
        AtomicInteger next = new AtomicInteger(1);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(2, Duration.ofMillis(100)), (job, call) ->
                job.index() == 1 ? rendered(job, worker(9)) : crashed(worker(next.getAndIncrement())), STALL);
        Dispatcher.Outcome outcome = d.run();
        assertFalse(outcome.allRendered());
        JobRecord broken = jobs.get(0);
        assertEquals(JobState.FAILED, broken.state());
        assertEquals(3, broken.attempts(), "one run and two retries");
        assertEquals(CRASH, broken.failure());
        List<Call> brokenCalls = calls.stream().filter(c -> c.job().equals(broken.name())).toList();
        assertEquals(Set.of(), brokenCalls.get(0).avoid().all());
        assertEquals(Set.of(1), brokenCalls.get(1).avoid().forJob(), "the worker that failed the job is avoided for it");
        assertEquals(Set.of(1, 2), brokenCalls.get(2).avoid().forBatch(), "and for the batch");
        assertTrue(broken.logTail().contains("Segmentation fault"), broken.logTail());
        assertEquals(0, broken.failovers(), "a worker-side render failure is no failover");
        String log = logs.get(broken.name());
        assertTrue(log.contains("gave up after 3 attempts (--max-retry 2)"), log);
        assertTrue(log.contains("attempt 2 on worker 0x00000002 (127.0.0.1:40002): " + CRASH), log);
        assertEquals(JobState.DONE, jobs.get(1).state(), "the rest of the batch is unaffected");
        assertTrue(reported.isEmpty(), "a failed render says nothing about the worker's reachability");
    }

    @Test
    void userErrorFailsAtOnceWithOneAttemptAndItsReason() throws Exception {
        List<JobRecord> jobs = jobs(2);
        String reason = "scenes/bad.pov line 12: Parse Error: No matching } in 'sphere', camera found instead";
        Dispatcher d = dispatcher(jobs, 2, RetryPolicy.of(3, Duration.ofMillis(100)), (job, call) -> job.index() == 0
                ? new AttemptResult.JobFailed(1, RenderFailure.user(reason), "File 'bad.pov' line 12: Parse Error: No"
                        + " matching } in 'sphere', camera found\n instead\nssrun: POV-Ray exit code 1\n", worker(1))
                : rendered(job), STALL);
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
    void workerSideFailureMovesTheJobToAnotherWorkerAndKeepsTheBadWorkerFromTheOtherJobs() throws Exception {
        FakePool pool = new FakePool(1, 2);
        List<JobRecord> jobs = jobs(3);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            Worker w = pick(pool, call);
            return w.identifier() == 1 ? crashed(w) : rendered(job, w);
        }, STALL);
        assertTrue(d.run().allRendered());
        assertEquals(2, jobs.get(0).attempts(), "failed on worker 1, rendered on worker 2");
        assertEquals(1, jobs.get(0).jobFailures());
        for (int i = 1; i < 3; i++) {
            assertEquals(1, jobs.get(i).attempts(), jobs.get(i).name() + " never went to worker 1");
            String name = jobs.get(i).name();
            assertEquals(Set.of(1), calls.stream().filter(c -> c.job().equals(name)).findFirst().orElseThrow()
                    .avoid().forBatch());
        }
        assertEquals(Set.of(1), d.badWorkers().keySet());
        assertTrue(d.badWorkers().get(1).endsWith(": " + CRASH), d.badWorkers().toString());
    }

    @Test
    void whenEveryWorkerFailedForWorkerSideReasonsTheJobsFailSayingSoInsteadOfLooping() throws Exception {
        FakePool pool = new FakePool(1, 2);
        List<JobRecord> jobs = jobs(3);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(5, Duration.ofMillis(100)), (job, call) -> {
            try {
                return call.avoid().pick(pool).map(DispatcherTest::crashed).orElse(new AttemptResult.OnlyBadWorkers());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, STALL);
        long start = System.nanoTime();
        Dispatcher.Outcome outcome = d.run();
        assertFalse(outcome.allRendered());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "no loop with growing delays");
        for (JobRecord job : jobs) {
            assertEquals(JobState.FAILED, job.state(), job.name());
            assertTrue(job.failure().startsWith("every worker failed for worker-side reasons: 0x00000001"), job.failure());
            assertTrue(job.failure().contains("0x00000002 (127.0.0.1:40002): " + CRASH), job.failure());
        }
        assertEquals(2, jobs.stream().mapToInt(JobRecord::jobFailures).sum(), "one crash on each worker, then none");
        assertEquals(5, calls.size(), "the two crashes, then one attempt per job that finds no worker left");
        assertTrue(logs.get(jobs.get(2).name()).contains("every worker failed"), logs.get(jobs.get(2).name()));
    }

    private static Worker pick(FakePool pool, Call call) {
        try {
            return call.avoid().pick(pool).orElseThrow();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void workerFailuresAreRetriedWithoutLimitWithExponentialBackoff() throws Exception {
        List<JobRecord> jobs = jobs(1);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(0, Duration.ofMillis(100)), (job, call) -> {
            if (call.attemptId() <= 4) {
                return new AttemptResult.SessionFailed(FailureKind.LOST, "association lost", worker((int) call.attemptId()));
            }
            return rendered(job);
        }, STALL);
        assertTrue(d.run().allRendered(), "max retry 0 does not limit retries after lost workers");
        assertEquals(5, calls.size());
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) gaps[i] = (calls.get(i + 1).startedNanos() - calls.get(i).startedNanos()) / 1_000_000;
        long[] nominal = {100, 200, 400, 800};
        for (int i = 0; i < 4; i++) {
            assertTrue(gaps[i] >= nominal[i] * 0.875 - 5 && gaps[i] <= nominal[i] * 1.125 + 1000,
                    "gap " + (i + 1) + " was " + gaps[i] + " ms, nominal " + nominal[i] + " ms");
        }
        assertEquals(List.of(1, 2, 3, 4), reported.stream().map(Worker::identifier).toList(),
                "every lost worker is reported to the registrar");
        assertEquals(Map.of(), d.badWorkers(), "a lost worker is a failover, not a worker bad for the batch");
    }

    @Test
    void onlyWorkersThatLookGoneAreReported() throws Exception {
        List<JobRecord> jobs = jobs(1);
        FailureKind[] kinds = {FailureKind.NOT_READY, FailureKind.CONNECT_FAILED, FailureKind.PROTOCOL_ERROR,
                FailureKind.KEEP_ALIVE_TIMEOUT};
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(100)), (job, call) -> {
            int i = (int) call.attemptId() - 1;
            return i < kinds.length ? new AttemptResult.SessionFailed(kinds[i], "x", worker(i + 1)) : rendered(job);
        }, STALL);
        assertTrue(d.run().allRendered());
        assertEquals(List.of(2, 4), reported.stream().map(Worker::identifier).toList());
        assertEquals(Set.of(1, 2, 3, 4), calls.get(4).avoid().forJob());
        assertEquals(Set.of(), calls.get(4).avoid().forBatch(), "a busy, lost or broken worker is avoided for the job only");
        assertEquals(2, jobs.get(0).failovers(), "a busy worker or a protocol error is no failover, a lost worker is");
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
                return rendered(job);
            }
            try {
                assertTrue(job.gate(call.attemptId()).commit(() -> Files.writeString(image, "newer")));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            newerWritten.countDown();
            return rendered(job);
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
        List<JobRecord> jobs = jobs(3);
        Dispatcher d = dispatcher(jobs, 1, RetryPolicy.of(1, Duration.ofMillis(100)),
                (job, call) -> new AttemptResult.NoRegistrar("no registrar reachable: [/127.0.0.1:9]: refused"), STALL);
        Dispatcher.Outcome outcome = d.run();
        assertEquals("no registrar reachable: [/127.0.0.1:9]: refused", outcome.fatal().orElseThrow());
        assertEquals(1, calls.size(), "no storm of attempts against a missing registrar");
        assertTrue(jobs.stream().allMatch(j -> j.state() == JobState.CANCELLED));
    }

    @Test
    void badSceneFailsAtOnceWithoutRetry() throws Exception {
        List<JobRecord> jobs = jobs(2);
        Dispatcher d = dispatcher(jobs, 2, RetryPolicy.of(3, Duration.ofMillis(100)), (job, call) -> job.index() == 0
                ? new AttemptResult.BadScene("scene0.pov:3: #include \"missing.inc\": file not found") : rendered(job),
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
            if (job.index() == 0) return rendered(job);
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
