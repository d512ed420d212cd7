package org.raypool.submit.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.submit.session.SspClientSession.Action;
import org.raypool.submit.session.SspClientSession.Event;
import org.raypool.submit.session.SspClientSession.State;
import org.raypool.transport.CommLost;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;

/**
 * The pool user's state machine alone (docs/protocol/scripting-service.md §6.2-§6.4): events and times in, actions
 * out; no sockets, no threads, no sleeping — time advances by passing a bigger {@code now}.
 */
class SspClientSessionTest {
    /** Keep-Alive every 10 s, 4 s for its Ack; before processing 14 s to answer. */
    private static final SessionTimers TIMERS = new SessionTimers(Duration.ofSeconds(10), Duration.ofSeconds(4),
            Duration.ofSeconds(60), Duration.ofSeconds(5));
    private static final long T0 = 1_000_000;
    private static final long MAX_RESULTS = 100_000;
    private static final byte[] INPUT = bytes(20_000);
    private static final EnvironmentFile ENVIRONMENT = EnvironmentFile.of(bytes(40_000));

    /** Every state a live session can be in after the connect. */
    enum Live { WAIT_SERVER_READY, WAIT_ENVIRONMENT, WAIT_START_PROCESSING, PROCESSING, DOWNLOAD }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static SspClientSession session(Optional<EnvironmentFile> environment, boolean downloadFailed) {
        return new SspClientSession(TIMERS, INPUT, environment, downloadFailed, MAX_RESULTS);
    }

    /** A session brought into {@code state} at T0 + 1000, its outgoing messages all sent. */
    private static SspClientSession in(Live state) {
        SspClientSession s = session(state == Live.WAIT_ENVIRONMENT ? Optional.of(ENVIRONMENT) : Optional.empty(), false);
        assertEquals(List.of(), s.handle(new Event.Connected(), T0));
        if (state == Live.WAIT_SERVER_READY) return s;
        sendAll(s, s.handle(received(new Ready("node1")), T0 + 1000), T0 + 1000);
        if (state == Live.WAIT_ENVIRONMENT || state == Live.WAIT_START_PROCESSING) return check(s, state);
        s.handle(received(new Status(0)), T0 + 1000);
        if (state == Live.PROCESSING) return check(s, state);
        s.handle(received(new Status(0)), T0 + 1000);
        return check(s, state);
    }

    private static SspClientSession check(SspClientSession s, Live state) {
        assertEquals(state.name(), s.state().name());
        return s;
    }

    /** Reports every Send as done at {@code now}, as the runner does. */
    private static void sendAll(SspClientSession s, List<Action> actions, long now) {
        for (Action a : actions) {
            if (a instanceof Action.Send send) assertEquals(List.of(), s.handle(new Event.Sent(send.message()), now));
        }
    }

    private static Event received(SspMessage m) {
        return new Event.Received(m);
    }

    private static List<SspMessage> sent(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Send).map(a -> ((Action.Send) a).message()).toList();
    }

    private static SessionOutcome.Failed failedOver(List<Action> actions) {
        assertEquals(1, actions.size(), actions.toString());
        return assertInstanceOf(Action.FailOver.class, actions.get(0)).failure();
    }

    private static void assertFailedOver(SspClientSession s, List<Action> actions, FailureKind kind, String detail) {
        SessionOutcome.Failed f = failedOver(actions);
        assertEquals(kind, f.kind(), f.toString());
        assertTrue(f.detail().contains(detail), f.detail());
        assertEquals(State.FAILED_OVER, s.state());
        assertEquals(OptionalLong.empty(), s.nextDeadline(), "no timer after the end");
        assertEquals(List.of(), s.handle(received(new Ready("again")), T0 + 99_000), "an ended session ignores events");
        assertEquals(List.of(), s.handle(new Event.Tick(), T0 + 99_000));
    }

    // ---------------------------------------------------------------- connecting

    @Test
    void noTimerBeforeTheConnectThenTheWorkerHasTheAnswerTimeoutToSayReady() {
        SspClientSession s = session(Optional.empty(), false);
        assertEquals(State.CONNECTING, s.state());
        assertEquals(OptionalLong.empty(), s.nextDeadline());
        s.handle(new Event.Connected(), T0);
        assertEquals(State.WAIT_SERVER_READY, s.state());
        assertEquals(OptionalLong.of(T0 + 14_000), s.nextDeadline(), "KeepAliveInterval + KeepAliveTimeout");
    }

    @Test
    void connectFailureAndCancelBeforeConnecting() {
        SspClientSession s = session(Optional.empty(), false);
        assertFailedOver(s, s.handle(new Event.ConnectFailed("Connection refused"), T0), FailureKind.CONNECT_FAILED,
                "Connection refused");
        SspClientSession c = session(Optional.empty(), false);
        assertFailedOver(c, c.handle(new Event.Cancel(), T0), FailureKind.CANCELLED, "cancelled before connecting");
    }

    // ---------------------------------------------------------------- upload

    @Test
    void readyStartsTheUploadInChunksOf16384BytesAndAnEmptyUpload() {
        SspClientSession s = in(Live.WAIT_SERVER_READY);
        List<Action> actions = s.handle(received(new Ready("node1")), T0 + 500);
        assertEquals(new Action.Uploading("node1"), actions.get(0));
        assertEquals(List.of(new Upload(Arrays.copyOfRange(INPUT, 0, 16384)),
                new Upload(Arrays.copyOfRange(INPUT, 16384, 20_000)), Upload.endOfFile()), sent(actions));
        assertEquals(State.WAIT_START_PROCESSING, s.state());
        assertEquals(OptionalLong.of(T0 + 500 + 14_000), s.nextDeadline());
        s.handle(new Event.Sent(new Upload(Arrays.copyOfRange(INPUT, 0, 16384))), T0 + 3000);
        assertEquals(OptionalLong.of(T0 + 500 + 14_000), s.nextDeadline(), "a chunk does not restart the wait");
        s.handle(new Event.Sent(Upload.endOfFile()), T0 + 9000);
        assertEquals(OptionalLong.of(T0 + 9000 + 14_000), s.nextDeadline(),
                "the answer is due from the end of a long upload");
    }

    @Test
    void environmentIsQueriedFirstAndUploadedAfterTheInputOnlyWhenAsked() {
        SspClientSession s = in(Live.WAIT_ENVIRONMENT);
        SspClientSession fresh = session(Optional.of(ENVIRONMENT), false);
        fresh.handle(new Event.Connected(), T0);
        List<SspMessage> first = sent(fresh.handle(received(new Ready("node1")), T0));
        assertEquals(Environment.query(ENVIRONMENT.sha1()), first.get(0), "Environment query right after Ready");
        assertEquals(new Upload(Arrays.copyOfRange(INPUT, 0, 16384)), first.get(1), "then the work package");
        assertEquals(Upload.endOfFile(), first.get(first.size() - 1));

        List<Action> needed = s.handle(received(new Environment(ENVIRONMENT.sha1(), true)), T0 + 2000);
        List<SspMessage> upload = sent(needed);
        assertEquals(4, upload.size(), "40000 bytes: 16384 + 16384 + 7232 + the empty Upload");
        assertArrayEquals(Arrays.copyOfRange(ENVIRONMENT.bytes(), 32768, 40_000), ((Upload) upload.get(2)).data());
        assertEquals(State.WAIT_START_PROCESSING, s.state());

        SspClientSession cached = in(Live.WAIT_ENVIRONMENT);
        assertEquals(List.of(), cached.handle(received(new Environment(ENVIRONMENT.sha1(), false)), T0 + 2000),
                "a cached environment is not uploaded");
        assertEquals(State.WAIT_START_PROCESSING, cached.state());
    }

    @Test
    void anEnvironmentReplyForAnotherHashBreaksTheSession() {
        SspClientSession s = in(Live.WAIT_ENVIRONMENT);
        byte[] other = new byte[20];
        assertFailedOver(s, s.handle(received(new Environment(other, true)), T0 + 2000), FailureKind.PROTOCOL_ERROR,
                "not ours");
    }

    @Test
    void notReadyFailsOverAtOnceNamingTheWorker() {
        SspClientSession s = in(Live.WAIT_SERVER_READY);
        List<Action> actions = s.handle(received(NotReady.fullyLoaded("node2")), T0 + 100);
        assertFailedOver(s, actions, FailureKind.NOT_READY, "worker node2 is not ready (reason 1, fully loaded)");
        assertEquals("node2", failedOver(actions).workerInfo());
    }

    @Test
    void statusZeroStartsProcessingAndANonZeroOneBeforeProcessingFailsOver() {
        SspClientSession s = in(Live.WAIT_START_PROCESSING);
        assertEquals(List.of(new Action.Processing("node1")), s.handle(received(new Status(0)), T0 + 2000));
        assertEquals(State.PROCESSING, s.state());

        SspClientSession refused = in(Live.WAIT_START_PROCESSING);
        assertFailedOver(refused, refused.handle(received(new Status(1)), T0 + 2000), FailureKind.PROTOCOL_ERROR,
                "did not accept the upload");
    }

    // ---------------------------------------------------------------- timers

    @ParameterizedTest
    @EnumSource(value = Live.class, names = {"WAIT_SERVER_READY", "WAIT_ENVIRONMENT", "WAIT_START_PROCESSING"})
    void beforeProcessingNoKeepAliveGoesOutAndASilentWorkerIsGivenUpAfterTheAnswerTimeout(Live state) {
        SspClientSession s = in(state);
        long deadline = s.nextDeadline().orElseThrow();
        assertEquals(List.of(), s.handle(new Event.Tick(), deadline - 1), "not yet, and no Keep-Alive ([PROJECT] §6.4)");
        assertFailedOver(s, s.handle(new Event.Tick(), deadline), FailureKind.KEEP_ALIVE_TIMEOUT,
                "no answer within 14000 ms in state " + state);
    }

    @ParameterizedTest
    @EnumSource(value = Live.class, names = {"PROCESSING", "DOWNLOAD"})
    void keepAlivesGoOutEveryIntervalAfterTheConnectOrTheLastAck(Live state) {
        SspClientSession s = in(state);
        assertEquals(OptionalLong.of(T0 + 10_000), s.nextDeadline(), "KeepAliveInterval after the connect");
        assertEquals(List.of(), s.handle(new Event.Tick(), T0 + 9_999));
        assertEquals(List.of(new Action.Send(new KeepAlive())), s.handle(new Event.Tick(), T0 + 10_050));
        assertEquals(OptionalLong.of(T0 + 14_050), s.nextDeadline(), "the Ack is due KeepAliveTimeout after the send");
        assertEquals(List.of(), s.handle(received(KeepAliveAck.ofPoolElement()), T0 + 11_000));
        assertEquals(OptionalLong.of(T0 + 21_000), s.nextDeadline(), "the next one KeepAliveInterval after the Ack");
        assertEquals(List.of(new Action.Send(new KeepAlive())), s.handle(new Event.Tick(), T0 + 21_000));
        assertEquals(state.name(), s.state().name());
    }

    @ParameterizedTest
    @EnumSource(value = Live.class, names = {"PROCESSING", "DOWNLOAD"})
    void anUnacknowledgedKeepAliveIsAKeepAliveTimeoutCountedFromItsSending(Live state) {
        SspClientSession s = in(state);
        s.handle(new Event.Tick(), T0 + 12_000);
        assertEquals(List.of(), s.handle(new Event.Tick(), T0 + 15_999), "3999 ms after the send: not yet");
        assertFailedOver(s, s.handle(new Event.Tick(), T0 + 16_000), FailureKind.KEEP_ALIVE_TIMEOUT,
                "no Keep-Alive Ack within 4000 ms (keep-alive timeout) in state " + state);
    }

    @Test
    void theWorkersKeepAliveIsAnsweredWithTheFourByteAck() {
        SspClientSession s = in(Live.PROCESSING);
        List<Action> actions = s.handle(received(new KeepAlive()), T0 + 3000);
        assertEquals(List.of(new Action.Send(KeepAliveAck.ofPoolUser())), actions);
        assertTrue(((KeepAliveAck) sent(actions).get(0)).status().isEmpty(), "the PU's Ack has no status");
        assertEquals(OptionalLong.of(T0 + 10_000), s.nextDeadline(), "the worker's Keep-Alive is no Ack of ours");
    }

    // ---------------------------------------------------------------- the end of the job

    @Test
    void finalStatusZeroAndTheDownloadIsAssembledInOrder() {
        SspClientSession s = in(Live.PROCESSING);
        assertEquals(List.of(new Action.Downloading(0)), s.handle(received(new Status(0)), T0 + 5000));
        assertEquals(State.DOWNLOAD, s.state());
        byte[] a = bytes(16384);
        byte[] b = bytes(100);
        assertEquals(List.of(new Action.WriteResults(new Download(a))), s.handle(received(new Download(a)), T0 + 5001));
        assertEquals(List.of(), s.handle(received(KeepAliveAck.ofPoolElement()), T0 + 5002), "an Ack is fine here");
        assertEquals(List.of(new Action.WriteResults(new Download(b))), s.handle(received(new Download(b)), T0 + 5003));
        assertEquals(List.of(new Action.Complete(0, "node1")), s.handle(received(Download.endOfFile()), T0 + 5004));
        assertEquals(State.COMPLETE, s.state());
        assertEquals(OptionalLong.empty(), s.nextDeadline());
        assertEquals(List.of(), s.handle(new Event.AssociationLost(new CommLost(CommLost.Cause.LOCAL_CLOSE, "")),
                T0 + 5005), "our own close after the end is no failure");
    }

    @Test
    void aFailedJobEndsWithoutDownloadUnlessItIsTheLastTrial() {
        SspClientSession s = in(Live.PROCESSING);
        SessionOutcome.Failed f = failedOver(s.handle(received(new Status(3)), T0 + 5000));
        assertEquals(FailureKind.JOB_FAILED, f.kind());
        assertEquals(Optional.of(3), f.status());
        assertEquals("node1", f.workerInfo());

        SspClientSession last = session(Optional.empty(), true);
        last.handle(new Event.Connected(), T0);
        last.handle(received(new Ready("node1")), T0);
        last.handle(received(new Status(0)), T0);
        assertEquals(List.of(new Action.Downloading(3)), last.handle(received(new Status(3)), T0 + 5000));
        last.handle(received(new Download(new byte[] {1})), T0 + 5001);
        assertEquals(List.of(new Action.Complete(3, "node1")), last.handle(received(Download.endOfFile()), T0 + 5002),
                "the last trial's output comes down for the log");
    }

    @Test
    void aFailedJobWhoseResultsDoNotComeIsStillAFailedJobWithItsStatus() {
        SspClientSession s = session(Optional.empty(), true);
        s.handle(new Event.Connected(), T0);
        s.handle(received(new Ready("node1")), T0);
        s.handle(received(new Status(0)), T0);
        assertEquals(List.of(new Action.Downloading(137)), s.handle(received(new Status(137)), T0 + 5000));
        SessionOutcome.Failed f = failedOver(s.handle(new Event.AssociationLost(new CommLost(CommLost.Cause.COMM_LOST,
                "aborted")), T0 + 5001));
        assertEquals(FailureKind.JOB_FAILED, f.kind(), "a worker whose killed job left no results aborts (spec §5.2)");
        assertEquals(Optional.of(137), f.status());
        assertTrue(f.detail().contains("status 137 and its results did not come"), f.detail());

        SspClientSession ok = session(Optional.empty(), true);
        ok.handle(new Event.Connected(), T0);
        ok.handle(received(new Ready("node1")), T0);
        ok.handle(received(new Status(0)), T0);
        ok.handle(received(new Status(0)), T0 + 5000);
        assertEquals(FailureKind.LOST, failedOver(ok.handle(new Event.AssociationLost(new CommLost(
                CommLost.Cause.COMM_LOST, "aborted")), T0 + 5001)).kind(), "after Status 0 a lost download is a lost worker");
    }

    @Test
    void aDownloadPastTheBoundIsTheWorkersFaultWhateverTheStatusAndHoweverItKeepsAlive() {
        for (int status : new int[] {0, 3}) {
            SspClientSession s = session(Optional.empty(), true);
            s.handle(new Event.Connected(), T0);
            s.handle(received(new Ready("node1")), T0);
            s.handle(received(new Status(0)), T0);
            s.handle(received(new Status(status)), T0 + 5000);
            byte[] chunk = bytes(16384);
            long t = T0 + 5000;
            int chunks = 0;
            List<Action> actions;
            while (true) {
                t += 10;
                // the worker answers every Keep-Alive: only the bound can end this
                s.handle(received(KeepAliveAck.ofPoolElement()), t);
                actions = s.handle(received(new Download(chunk)), t);
                if (!(actions.size() == 1 && actions.get(0) instanceof Action.WriteResults)) break;
                chunks++;
            }
            assertEquals(MAX_RESULTS / 16384, chunks, "every byte up to the bound is written, none past it");
            SessionOutcome.Failed f = failedOver(actions);
            assertEquals(FailureKind.RESULTS_TOO_LARGE, f.kind(), "status " + status + ": " + f);
            assertEquals("the worker sent " + (chunks + 1) * 16384L + " bytes of results, more than the " + MAX_RESULTS
                    + " this job can produce", f.detail());
            assertEquals(State.FAILED_OVER, s.state());
        }
    }

    @Test
    void escapeSequencesInReadyAndNotReadyInfoDoNotSurvive() {
        String title = "\u001b]0;owned\u0007";
        String clear = "\u001b[2J\u001b[H";
        SspClientSession ready = session(Optional.empty(), false);
        ready.handle(new Event.Connected(), T0);
        List<Action> actions = ready.handle(received(new Ready(title + "node1" + clear)), T0);
        assertEquals(new Action.Uploading("node1"), actions.get(0));

        SspClientSession busy = session(Optional.empty(), false);
        busy.handle(new Event.Connected(), T0);
        SessionOutcome.Failed f = failedOver(busy.handle(received(NotReady.fullyLoaded(clear + "node2\r" + title)), T0));
        assertEquals("node2", f.workerInfo());
        assertEquals("worker node2 is not ready (reason 1, fully loaded)", f.detail());
    }

    // ---------------------------------------------------------------- failures in every state

    @ParameterizedTest
    @EnumSource(Live.class)
    void aMalformedMessageBreaksTheSession(Live state) {
        SspClientSession s = in(state);
        assertFailedOver(s, s.handle(new Event.Malformed("unknown type 9"), T0 + 2000), FailureKind.PROTOCOL_ERROR,
                "malformed message in state " + state + ": unknown type 9");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void anUnexpectedMessageBreaksTheSession(Live state) {
        SspClientSession s = in(state);
        SspMessage unexpected = state == Live.WAIT_SERVER_READY ? new Status(0) : new Ready("again");
        assertFailedOver(s, s.handle(received(unexpected), T0 + 2000), FailureKind.PROTOCOL_ERROR,
                "unexpected " + unexpected.type() + " in state " + state);
    }

    @Test
    void aDownloadWhileUploadingAndAKeepAliveWhileDownloadingAreUnexpected() {
        SspClientSession s = in(Live.WAIT_START_PROCESSING);
        assertFailedOver(s, s.handle(received(new Download(new byte[] {1, 2, 3})), T0 + 2000),
                FailureKind.PROTOCOL_ERROR, "unexpected DOWNLOAD");
        SspClientSession d = in(Live.DOWNLOAD);
        assertFailedOver(d, d.handle(received(new KeepAlive()), T0 + 2000), FailureKind.PROTOCOL_ERROR,
                "unexpected KEEP_ALIVE in state DOWNLOAD");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void aLostAssociationFailsOverAndSaysWhetherTheWorkerClosedIt(Live state) {
        SspClientSession s = in(state);
        assertFailedOver(s, s.handle(new Event.AssociationLost(new CommLost(CommLost.Cause.COMM_LOST, "reset")),
                T0 + 2000), FailureKind.LOST, "association lost: COMM_LOST (reset) in state " + state);
        SspClientSession closed = in(state);
        SessionOutcome.Failed f = failedOver(closed.handle(new Event.AssociationLost(
                new CommLost(CommLost.Cause.PEER_SHUTDOWN, "")), T0 + 2000));
        assertEquals("the worker closed the session in state " + state, f.detail());
        assertTrue(f.kind().workerUnreachable());
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void cancelEndsTheSessionInEveryState(Live state) {
        SspClientSession s = in(state);
        assertFailedOver(s, s.handle(new Event.Cancel(), T0 + 2000), FailureKind.CANCELLED, "cancelled in state " + state);
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void aSendErrorIsALostWorker(Live state) {
        SspClientSession s = in(state);
        assertFailedOver(s, s.handle(new Event.SendFailed(new KeepAlive(), "Broken pipe"), T0 + 2000), FailureKind.LOST,
                "sending KEEP_ALIVE failed in state " + state + ": Broken pipe");
    }
}
