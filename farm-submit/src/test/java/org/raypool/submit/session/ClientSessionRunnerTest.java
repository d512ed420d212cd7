package org.raypool.submit.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.testing.Await;
import org.raypool.submit.testing.Jobs;
import org.raypool.submit.testing.ScriptedWorker;
import org.raypool.submit.testing.ScriptedWorker.Behaviour;
import org.raypool.submit.testing.ScriptedWorker.Script;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Upload;

/**
 * The runner with its state machine (docs/protocol/scripting-service.md §6.2/§6.3) against a scripted SSP server over
 * real TCP on loopback: connecting, the real timers, the results file, cancelling from another thread. Every
 * transition on its own is in {@link SspClientSessionTest}.
 */
class ClientSessionRunnerTest {
    /** Short timers: keep-alive every 150 ms, 150 ms to answer; before processing 300 ms to answer. */
    static final SessionTimers FAST = new SessionTimers(Duration.ofMillis(150), Duration.ofMillis(150),
            Duration.ofSeconds(5), Duration.ofSeconds(2));
    private static final byte[] RESULTS = new byte[1000];

    @TempDir
    Path tmp;

    private final List<ScriptedWorker> workers = new ArrayList<>();

    static {
        new Random(7).nextBytes(RESULTS);
    }

    @AfterEach
    void close() {
        workers.forEach(ScriptedWorker::close);
    }

    private ScriptedWorker worker(Behaviour behaviour, ScriptedWorker.JobRunner runner) throws Exception {
        return worker(Script.of(behaviour), runner);
    }

    private ScriptedWorker worker(Script script, ScriptedWorker.JobRunner runner) throws Exception {
        ScriptedWorker w = new ScriptedWorker("node1", n -> script, runner, Duration.ofMillis(100));
        workers.add(w);
        return w;
    }

    private SessionOutcome run(ScriptedWorker w, byte[] input, boolean downloadFailed) throws Exception {
        return run(w, input, Optional.empty(), downloadFailed);
    }

    private SessionOutcome run(ScriptedWorker w, byte[] input, Optional<EnvironmentFile> env, boolean downloadFailed)
            throws Exception {
        return new ClientSessionRunner(FAST, SessionListener.NONE, "test").run(w.worker(0x1001), input, env,
                downloadFailed, 1L << 30, tmp.resolve("results.data"));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A session with {@code w} ends as PROTOCOL_ERROR, saying {@code detail}. */
    private void assertBroken(ScriptedWorker w, boolean downloadFailed, String detail) throws Exception {
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, run(w, bytes(100), downloadFailed));
        assertEquals(FailureKind.PROTOCOL_ERROR, f.kind());
        assertTrue(f.detail().contains(detail), f.detail());
    }

    /**
     * A session with {@code w} ends as KEEP_ALIVE_TIMEOUT, saying {@code detail}, no sooner than {@code atLeastMillis}.
     * Only the lower bound is the runner's to keep here (a timer never fires early); when exactly the machine gives up
     * is {@code SspClientSessionTest}'s, on injected time, so a loaded machine cannot fail this test. A runner that
     * never gave up fails on the deadline.
     */
    private void assertGivenUp(ScriptedWorker w, String detail, long atLeastMillis) throws Exception {
        long start = System.nanoTime();
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class,
                assertTimeoutPreemptively(Await.DEFAULT_TIMEOUT, () -> run(w, bytes(100), false)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(FailureKind.KEEP_ALIVE_TIMEOUT, f.kind());
        assertTrue(f.detail().contains(detail), f.detail());
        assertTrue(millis >= atLeastMillis, "gave up after " + millis + " ms, sooner than the timers allow");
    }

    @Test
    void completeJobFollowsTheWireOrderOfVector813() throws Exception {
        ScriptedWorker w = worker(Behaviour.NORMAL, Jobs.canned(0, RESULTS, 700));
        byte[] input = bytes(20_000);
        SessionOutcome.Completed done = assertInstanceOf(SessionOutcome.Completed.class, run(w, input, false));
        assertEquals(0, done.status());
        assertEquals("node1", done.workerInfo());
        assertArrayEquals(RESULTS, Files.readAllBytes(done.results()));

        ScriptedWorker.SessionLog log = w.sessions().get(0);
        List<SspMessage> got = log.received;
        assertEquals(new Upload(java.util.Arrays.copyOfRange(input, 0, 16384)), got.get(0), "first chunk: 16384 bytes");
        assertEquals(new Upload(java.util.Arrays.copyOfRange(input, 16384, 20000)), got.get(1), "second chunk: 3616 bytes");
        assertEquals(Upload.endOfFile(), got.get(2));
        assertArrayEquals(input, log.input);
        assertFalse(log.events.contains("keep-alive during upload"), "no Keep-Alive before Status(0): " + log.events);
        List<SspMessage> after = got.subList(3, got.size());
        assertTrue(after.stream().anyMatch(m -> m instanceof KeepAlive), "the client sends Keep-Alives while the job runs");
        assertTrue(after.stream().anyMatch(m -> m instanceof KeepAliveAck), "the client acknowledges the worker's Keep-Alives");
        for (SspMessage m : after) {
            assertTrue(m instanceof KeepAlive || m instanceof KeepAliveAck, "only keep-alive traffic while processing: " + m);
            if (m instanceof KeepAliveAck ack) assertTrue(ack.status().isEmpty(), "the PU's Ack is the 4-byte form (8.11)");
        }
    }

    @Test
    void notReadyFailsOverAtOnce() throws Exception {
        ScriptedWorker w = worker(Behaviour.NOT_READY, Jobs.canned(0, RESULTS, 0));
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, run(w, bytes(100), false));
        assertEquals(FailureKind.NOT_READY, f.kind());
        assertTrue(f.detail().contains("node1") && f.detail().contains("fully loaded"), f.detail());
        assertFalse(Files.exists(tmp.resolve("results.data")));
    }

    @Test
    void workerThatAbortsMidRenderIsLost() throws Exception {
        ScriptedWorker w = worker(Script.of(Behaviour.ABORT_MID_RENDER, Duration.ofMillis(200)), Jobs.canned(0, RESULTS, 5000));
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, run(w, bytes(100), false));
        assertEquals(FailureKind.LOST, f.kind());
        assertTrue(f.kind().workerUnreachable());
        assertTrue(f.detail().contains("PROCESSING"), f.detail());
    }

    @Test
    void workerThatStopsAnsweringKeepAlivesIsGivenUpAfterIntervalPlusTimeout() throws Exception {
        ScriptedWorker w = worker(Behaviour.IGNORE_KEEP_ALIVES, Jobs.canned(0, RESULTS, 0));
        assertGivenUp(w, "keep-alive timeout", 150);
        long keepAlives = w.sessions().get(0).received.stream().filter(m -> m instanceof KeepAlive).count();
        assertEquals(1, keepAlives, "one Keep-Alive, then the timeout measured from its sending");
    }

    @Test
    void failedJobIsReportedWithoutDownloadUnlessItIsTheLastTrial() throws Exception {
        ScriptedWorker w = worker(Behaviour.NORMAL, Jobs.canned(1, RESULTS, 100));
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, run(w, bytes(100), false));
        assertEquals(FailureKind.JOB_FAILED, f.kind());
        assertEquals(Optional.of(1), f.status());
        assertFalse(Files.exists(tmp.resolve("results.data")));

        SessionOutcome.Completed last = assertInstanceOf(SessionOutcome.Completed.class, run(w, bytes(100), true));
        assertEquals(1, last.status());
        assertArrayEquals(RESULTS, Files.readAllBytes(last.results()), "the last trial's output comes down for the log");
    }

    @Test
    void nonZeroStatusBeforeProcessingFailsOver() throws Exception {
        assertBroken(worker(Behaviour.REFUSE_UPLOAD, Jobs.canned(0, RESULTS, 0)), true, "did not accept the upload");
    }

    @Test
    void malformedAndUnexpectedMessagesBreakTheSession() throws Exception {
        assertBroken(worker(Behaviour.GARBAGE, Jobs.canned(0, RESULTS, 0)), false, "malformed");
        assertBroken(worker(Behaviour.UNEXPECTED_DOWNLOAD, Jobs.canned(0, RESULTS, 0)), false, "unexpected DOWNLOAD");
    }

    @Test
    void silentWorkerIsGivenUpBeforeReady() throws Exception {
        ScriptedWorker w = worker(Behaviour.SILENT, Jobs.canned(0, RESULTS, 0));
        assertGivenUp(w, "WAIT_SERVER_READY", 290);
    }

    @Test
    void unreachableWorkerIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Worker gone = new Worker(0x2002, List.of(new InetSocketAddress("127.0.0.1", port)), "tcp");
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, new ClientSessionRunner(FAST,
                SessionListener.NONE, "test").run(gone, bytes(10), Optional.empty(), false, 1L << 30, tmp.resolve("r")));
        assertEquals(FailureKind.CONNECT_FAILED, f.kind());
        assertTrue(f.kind().workerUnreachable());
    }

    @Test
    void environmentIsQueriedFirstAndUploadedOnlyWhenTheWorkerAsks() throws Exception {
        EnvironmentFile env = EnvironmentFile.of(bytes(40_000));
        byte[] input = bytes(5000);
        ScriptedWorker needs = worker(Behaviour.NORMAL, Jobs.canned(0, RESULTS, 100));
        assertInstanceOf(SessionOutcome.Completed.class, run(needs, input, Optional.of(env), false));
        ScriptedWorker.SessionLog log = needs.sessions().get(0);
        assertEquals(Environment.query(env.sha1()), log.received.get(0), "Environment query right after Ready");
        assertArrayEquals(input, log.input, "the work package is uploaded first");
        assertArrayEquals(env.bytes(), log.environment, "then the environment the worker asked for");

        ScriptedWorker cached = worker(new Script(Behaviour.NORMAL, Duration.ZERO, new byte[0], true), Jobs.canned(0, RESULTS, 100));
        assertInstanceOf(SessionOutcome.Completed.class, run(cached, input, Optional.of(env), false));
        assertEquals(0, cached.sessions().get(0).environment.length, "a cached environment is not uploaded");
        assertArrayEquals(input, cached.sessions().get(0).input);
    }

    @Test
    void cancelAbortsARunningSession() throws Exception {
        ScriptedWorker w = worker(Behaviour.NORMAL, Jobs.canned(0, RESULTS, 10_000));
        ClientSessionRunner session = new ClientSessionRunner(FAST, SessionListener.NONE, "test");
        CompletableFuture<SessionOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run(w.worker(1), bytes(100), Optional.empty(), false, 1L << 30, tmp.resolve("results.data"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the session processes", Duration.ofSeconds(5), session::state,
                s -> s == SspClientSession.State.PROCESSING);
        session.cancel();
        SessionOutcome.Failed f = assertInstanceOf(SessionOutcome.Failed.class, outcome.get(5, TimeUnit.SECONDS));
        assertEquals(FailureKind.CANCELLED, f.kind());
        assertTrue(f.detail().contains("PROCESSING"), f.detail());
        Await.until("the worker sees the abort", Duration.ofSeconds(5), () -> w.sessions().get(0).ended);
    }
}
