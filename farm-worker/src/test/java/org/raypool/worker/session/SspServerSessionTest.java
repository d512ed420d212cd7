package org.raypool.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.transport.CommLost;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.EnvironmentHash;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.worker.session.SspServerSession.Action;
import org.raypool.worker.session.SspServerSession.Event;
import org.raypool.worker.session.SspServerSession.JobRequest;
import org.raypool.worker.session.SspServerSession.UploadFile;

/**
 * The pool element's state machine alone (docs/protocol/scripting-service.md §5.2, timers of §5.6): events and
 * times in, actions out; no sockets, no threads, no files, no sleeping — time advances by passing a bigger
 * {@code now}. Timers: TransmitTimeout 30 s, Keep-Alive every 15 s with 10 s for the Ack, a 1 s processing tick;
 * upload limit 1000 bytes.
 */
class SspServerSessionTest {
    private static final SessionConfig CONFIG = new SessionConfig(1, "node1", Path.of("work"), false,
            SessionTimers.defaults(), WorkPackageLimits.defaults().withMaxUploadBytes(1000));
    private static final long T0 = 5_000_000;
    private static final EnvironmentHash HASH = new EnvironmentHash("1f8ac10f23c5b5bc1167bda84b833e5c057a77d2");
    private static final JobRequest PLAIN = new JobRequest(Optional.empty(), Optional.empty(), false, Optional.empty());
    private static final List<Action> ABORT_TAIL = List.of(new Action.StopJob(), new Action.CleanUp(),
            new Action.AbortAssociation());

    private final SspServerSession session = new SspServerSession(CONFIG);

    /** The states a session is in before it has ended. */
    enum Live { UPLOAD, WORKING, DOWNLOAD }

    private static Event received(SspMessage m) {
        return new Event.Received(m);
    }

    /** Brings {@link #session} into {@code state}: started at T0, plain upload at T0 + 100, job ended at T0 + 500. */
    private void bringTo(Live state) {
        session.handle(new Event.Start(), T0);
        if (state == Live.UPLOAD) return;
        session.handle(received(new Upload(new byte[10])), T0 + 100);
        session.handle(received(Upload.endOfFile()), T0 + 100);
        session.handle(new Event.UploadWritten(UploadFile.INPUT, 10, false, Optional.empty()), T0 + 100);
        if (state == Live.WORKING) return;
        session.handle(new Event.JobFinished(0, true, "ssrun succeeded"), T0 + 500);
        assertEquals(SessionState.DOWNLOAD, session.state());
    }

    /** An abort: the job stopped, the directory cleaned up, then the ABORT, then the end with {@code outcome}. */
    private void assertAborted(List<Action> actions, String outcome) {
        assertEquals(ABORT_TAIL, actions.subList(0, 3), "clean up before the association goes (§5.2 notes)");
        assertEquals(4, actions.size(), actions.toString());
        String end = assertInstanceOf(Action.End.class, actions.get(3)).outcome();
        assertTrue(end.contains(outcome), end);
        assertEnded(end);
    }

    private void assertEnded(String outcome) {
        assertEquals(SessionState.CLOSED, session.state());
        assertEquals(outcome, session.outcome());
        assertEquals(OptionalLong.empty(), session.nextDeadline(), "no timer after the end");
        assertEquals(List.of(), session.handle(received(new KeepAlive()), T0 + 99_000), "late messages are ignored");
        assertEquals(List.of(), session.handle(new Event.Abort("again"), T0 + 99_000));
        assertEquals(List.of(), session.handle(new Event.Tick(), T0 + 99_000));
    }

    // ---------------------------------------------------------------- UPLOAD

    @Test
    void startCreatesInputDataSaysReadyAndArmsTheTransmitTimeout() {
        assertEquals(OptionalLong.empty(), session.nextDeadline(), "no timer before the start");
        assertEquals(List.of(new Action.OpenUpload(UploadFile.INPUT), new Action.Send(new Ready("node1"))),
                session.handle(new Event.Start(), T0));
        assertEquals(SessionState.UPLOAD, session.state());
        assertEquals(OptionalLong.of(T0 + 30_000), session.nextDeadline());
    }

    @Test
    void uploadsAreWrittenAndEveryOneRestartsTheTransmitTimeout() {
        bringTo(Live.UPLOAD);
        byte[] data = {1, 2, 3};
        assertEquals(List.of(new Action.WriteUpload(UploadFile.INPUT, new Upload(data))),
                session.handle(received(new Upload(data)), T0 + 20_000));
        assertEquals(OptionalLong.of(T0 + 50_000), session.nextDeadline());
        assertEquals(List.of(new Action.CloseUpload(UploadFile.INPUT)),
                session.handle(received(Upload.endOfFile()), T0 + 21_000));
        assertEquals(List.of(new Action.Send(new Status(0)), new Action.StartJob(PLAIN)),
                session.handle(new Event.UploadWritten(UploadFile.INPUT, 3, false, Optional.empty()), T0 + 21_000));
        assertEquals(SessionState.WORKING, session.state());
        assertEquals(OptionalLong.of(T0 + 22_000), session.nextDeadline(), "the first processing tick");
    }

    @Test
    void aSilentPoolUserIsAbortedAfterTheTransmitTimeout() {
        bringTo(Live.UPLOAD);
        assertEquals(List.of(), session.handle(new Event.Tick(), T0 + 29_999));
        assertAborted(session.handle(new Event.Tick(), T0 + 30_000), "aborted: reception timeout: nothing received "
                + "for 30000 ms");
    }

    @Test
    void aStalledUploadIsAbortedTheTransmitTimeoutAfterItsLastUpload() {
        bringTo(Live.UPLOAD);
        session.handle(received(new Upload(new byte[100])), T0 + 10_000);
        assertEquals(List.of(), session.handle(new Event.Tick(), T0 + 30_000), "the Upload restarted the timer");
        assertAborted(session.handle(new Event.Tick(), T0 + 40_000), "reception timeout");
    }

    @Test
    void anUncachedEnvironmentIsAskedForAndUploadedAfterTheInput() {
        bringTo(Live.UPLOAD);
        assertEquals(List.of(new Action.LookUpEnvironment(HASH)),
                session.handle(received(Environment.query(HASH.bytes())), T0 + 100));
        assertEquals(List.of(new Action.Send(new Environment(HASH.bytes(), true))),
                session.handle(new Event.EnvironmentLookedUp(HASH, false), T0 + 100));
        session.handle(received(new Upload(new byte[10])), T0 + 200);
        session.handle(received(Upload.endOfFile()), T0 + 200);
        assertEquals(List.of(new Action.OpenUpload(UploadFile.ENVIRONMENT)),
                session.handle(new Event.UploadWritten(UploadFile.INPUT, 10, false, Optional.empty()), T0 + 200));
        assertEquals(SessionState.UPLOAD, session.state());
        byte[] env = {7, 7};
        assertEquals(List.of(new Action.WriteUpload(UploadFile.ENVIRONMENT, new Upload(env))),
                session.handle(received(new Upload(env)), T0 + 300));
        assertEquals(List.of(new Action.CloseUpload(UploadFile.ENVIRONMENT)),
                session.handle(received(Upload.endOfFile()), T0 + 300));
        assertEquals(List.of(new Action.Send(new Status(0)), new Action.StartJob(new JobRequest(Optional.of(HASH),
                Optional.of(HASH), true, Optional.empty()))),
                session.handle(new Event.UploadWritten(UploadFile.ENVIRONMENT, 2, false, Optional.of(HASH)), T0 + 300));
    }

    @Test
    void aCachedEnvironmentIsNotUploadedAgain() {
        bringTo(Live.UPLOAD);
        session.handle(received(Environment.query(HASH.bytes())), T0 + 100);
        assertEquals(List.of(new Action.Send(new Environment(HASH.bytes(), false))),
                session.handle(new Event.EnvironmentLookedUp(HASH, true), T0 + 100));
        session.handle(received(Upload.endOfFile()), T0 + 200);
        assertEquals(List.of(new Action.Send(new Status(0)), new Action.StartJob(new JobRequest(Optional.empty(),
                Optional.of(HASH), true, Optional.empty()))),
                session.handle(new Event.UploadWritten(UploadFile.INPUT, 0, false, Optional.empty()), T0 + 200));
    }

    @Test
    void aSecondEnvironmentQueryOrOneAfterTheInputIsUnexpected() {
        bringTo(Live.UPLOAD);
        session.handle(received(Environment.query(HASH.bytes())), T0 + 100);
        assertAborted(session.handle(received(Environment.query(HASH.bytes())), T0 + 100),
                "unexpected message ENVIRONMENT in state UPLOAD");
    }

    @Test
    void aKeepAliveWhileUploadingIsIgnored() {
        bringTo(Live.UPLOAD);
        assertEquals(List.of(), session.handle(received(new KeepAlive()), T0 + 100), "[PROJECT] leniency of §5.2");
        assertEquals(SessionState.UPLOAD, session.state());
        assertEquals(OptionalLong.of(T0 + 30_000), session.nextDeadline(), "and it is no Upload for the timer");
    }

    @Test
    void anUploadFileThatCannotBeWrittenAborts() {
        bringTo(Live.UPLOAD);
        session.handle(received(new Upload(new byte[1])), T0 + 100);
        assertAborted(session.handle(new Event.UploadFailed("cannot write input.data: No space left on device"),
                T0 + 100), "aborted: cannot write input.data: No space left on device");
    }

    // ---------------------------------------------------------------- refusal

    @Test
    void anOversizedWorkPackageIsAcceptedThenRefusedWithAnExplanationAsAFailedJob() {
        bringTo(Live.UPLOAD);
        session.handle(received(Upload.endOfFile()), T0 + 100);
        List<Action> actions = session.handle(new Event.UploadWritten(UploadFile.INPUT, 5000, true, Optional.empty()),
                T0 + 100);
        assertEquals(new Action.Send(new Status(0)), actions.get(0), "the upload itself is accepted (§6.2)");
        assertEquals(new Action.StartJob(new JobRequest(Optional.empty(), Optional.empty(), false,
                Optional.of("the work package has 5000 bytes, more than this worker's upload limit of 1000 bytes"))),
                actions.get(1));
        assertEquals(List.of(new Action.Send(new Status(SspServerSession.REFUSED_STATUS)), new Action.SendOutput()),
                session.handle(new Event.JobRefused("too big"), T0 + 200), "reported like a failed job");
        assertEquals(List.of(new Action.CleanUp(), new Action.Close(), new Action.End("Status(1): refusal report")),
                session.handle(new Event.OutputSent(200), T0 + 300));
    }

    @Test
    void anOversizedEnvironmentIsRefusedAndNotCached() {
        bringTo(Live.UPLOAD);
        session.handle(received(Environment.query(HASH.bytes())), T0 + 100);
        session.handle(new Event.EnvironmentLookedUp(HASH, false), T0 + 100);
        session.handle(received(Upload.endOfFile()), T0 + 100);
        session.handle(new Event.UploadWritten(UploadFile.INPUT, 0, false, Optional.empty()), T0 + 100);
        session.handle(received(Upload.endOfFile()), T0 + 100);
        List<Action> actions = session.handle(new Event.UploadWritten(UploadFile.ENVIRONMENT, 2000, true,
                Optional.of(HASH)), T0 + 100);
        assertEquals(new Action.StartJob(new JobRequest(Optional.empty(), Optional.of(HASH), true, Optional.of(
                "the environment file is larger than this worker's upload limit of 1000 bytes"))), actions.get(1));
    }

    @Test
    void aJobThatCannotRunWithoutEvenAReportAborts() {
        bringTo(Live.WORKING);
        assertAborted(session.handle(new Event.JobNotRun("ssrun: permission denied"), T0 + 200),
                "aborted: cannot run the job: ssrun: permission denied");
    }

    @Test
    void aJobTheWorkerCouldNotRunEndsWithStatus125AndTheReport() {
        bringTo(Live.WORKING);
        assertEquals(List.of(new Action.Send(new Status(125)), new Action.SendOutput()),
                session.handle(new Event.JobFailedOnWorker("the job user 65534:65534 cannot reach /w"), T0 + 200),
                "ssrun's own failure code, with the worker's report as the results");
        assertEquals(List.of(new Action.CleanUp(), new Action.Close(), new Action.End(
                "Status(125): the worker could not run the job: the job user 65534:65534 cannot reach /w")),
                session.handle(new Event.OutputSent(300), T0 + 300));
    }

    // ---------------------------------------------------------------- WORKING

    @Test
    void keepAlivesGoOutOnTheProcessingTickAndTheUsersAreAnswered() {
        bringTo(Live.WORKING);
        assertEquals(OptionalLong.of(T0 + 1100), session.nextDeadline());
        assertEquals(List.of(), session.handle(new Event.Tick(), T0 + 1099));
        assertEquals(List.of(new Action.Send(new KeepAlive())), session.handle(new Event.Tick(), T0 + 1100),
                "the first Keep-Alive on the first tick");
        assertEquals(OptionalLong.of(T0 + 2100), session.nextDeadline());
        assertEquals(List.of(new Action.Send(KeepAliveAck.ofPoolElement())),
                session.handle(received(new KeepAlive()), T0 + 1500), "Keep-Alive Ack(0) from us");
        assertEquals(List.of(), session.handle(received(KeepAliveAck.ofPoolUser()), T0 + 2000));
        for (long t = T0 + 2100; t < T0 + 16_100; t += 1000) {
            assertEquals(List.of(), session.handle(new Event.Tick(), t), "before the interval, at " + (t - T0));
        }
        assertEquals(List.of(new Action.Send(new KeepAlive())), session.handle(new Event.Tick(), T0 + 16_100),
                "15 s after the previous one was sent");
    }

    @Test
    void anUnansweredKeepAliveAbortsOnTheFirstTickAfterTheTimeout() {
        bringTo(Live.WORKING);
        session.handle(new Event.Tick(), T0 + 1100);
        for (long t = T0 + 2100; t < T0 + 11_100; t += 1000) {
            assertEquals(List.of(), session.handle(new Event.Tick(), t));
        }
        assertAborted(session.handle(new Event.Tick(), T0 + 11_100),
                "aborted: keep-alive timeout: no Keep-Alive Ack within 10000 ms");
    }

    @Test
    void aLateTickCatchesUpWithoutAFlood() {
        bringTo(Live.WORKING);
        assertEquals(List.of(new Action.Send(new KeepAlive())), session.handle(new Event.Tick(), T0 + 5_050));
        assertEquals(OptionalLong.of(T0 + 5_100), session.nextDeadline(), "the next tick on the 1 s grid");
    }

    @Test
    void theFinalStatusThenOutputDataThenCleanUpAndAGracefulClose() {
        bringTo(Live.WORKING);
        assertEquals(List.of(new Action.Send(new Status(3)), new Action.SendOutput()),
                session.handle(new Event.JobFinished(3, true, "ssrun failed with exit code 3"), T0 + 4000));
        assertEquals(SessionState.DOWNLOAD, session.state());
        assertEquals(OptionalLong.empty(), session.nextDeadline(), "no keep-alive while downloading");
        List<Action> end = session.handle(new Event.OutputSent(1234), T0 + 4100);
        assertEquals(List.of(new Action.CleanUp(), new Action.Close(),
                new Action.End("Status(3): ssrun failed with exit code 3")), end, "cleaned up before the close");
        assertEnded("Status(3): ssrun failed with exit code 3");
    }

    @Test
    void aJobWithoutOutputSendsItsStatusThenAborts() {
        bringTo(Live.WORKING);
        List<Action> actions = session.handle(new Event.JobFinished(0, false, "exited 0 but left no output.data"),
                T0 + 4000);
        assertEquals(new Action.Send(new Status(0)), actions.get(0));
        assertAborted(actions.subList(1, actions.size()), "Status(0): exited 0 but left no output.data; then aborted: "
                + "no output.data to download");
    }

    @Test
    void unreadableOutputAborts() {
        bringTo(Live.DOWNLOAD);
        assertAborted(session.handle(new Event.OutputFailed("cannot read output.data: I/O error"), T0 + 600),
                "Status(0): ssrun succeeded; then aborted: cannot read output.data: I/O error");
    }

    // ---------------------------------------------------------------- every state

    @ParameterizedTest
    @EnumSource(Live.class)
    void anUnexpectedMessageAborts(Live state) {
        bringTo(state);
        SspMessage unexpected = state == Live.WORKING ? new Upload(new byte[1]) : new Status(0);
        assertAborted(session.handle(received(unexpected), T0 + 700),
                "unexpected message " + unexpected.type() + " in state " + state);
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void aDownloadFromThePoolUserIsUnexpectedEverywhere(Live state) {
        bringTo(state);
        assertAborted(session.handle(received(new Download(new byte[] {1})), T0 + 700), "unexpected message DOWNLOAD");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void anUndecodableMessageAborts(Live state) {
        bringTo(state);
        assertAborted(session.handle(new Event.Malformed("unknown type 9"), T0 + 700),
                "aborted: undecodable message: unknown type 9");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void anAbortFromOutsideStopsTheJobCleansUpAndAborts(Live state) {
        bringTo(state);
        assertAborted(session.handle(new Event.Abort("the worker is stopping"), T0 + 700),
                "aborted: the worker is stopping");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void aLostAssociationStopsTheJobAndCleansUpWithoutAnAbort(Live state) {
        bringTo(state);
        List<Action> actions = session.handle(new Event.AssociationLost(new CommLost(CommLost.Cause.COMM_LOST,
                "reset")), T0 + 700);
        String outcome = (state == Live.DOWNLOAD ? "Status(0): ssrun succeeded; then " : "")
                + "association lost: COMM_LOST (reset)";
        assertEquals(List.of(new Action.StopJob(), new Action.CleanUp(), new Action.End(outcome)), actions);
        assertEnded(outcome);
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void aSendErrorAborts(Live state) {
        bringTo(state);
        assertAborted(session.handle(new Event.SendFailed(new KeepAlive(), "Broken pipe"), T0 + 700),
                "aborted: sending KEEP_ALIVE failed: Broken pipe");
    }

    @ParameterizedTest
    @EnumSource(Live.class)
    void theJobsLateNewsAfterTheEndIsIgnored(Live state) {
        bringTo(state);
        session.handle(new Event.Abort("stop"), T0 + 700);
        List<Action> late = new ArrayList<>();
        late.addAll(session.handle(new Event.JobFinished(0, true, "late"), T0 + 800));
        late.addAll(session.handle(new Event.JobRefused("late"), T0 + 800));
        late.addAll(session.handle(new Event.OutputSent(1), T0 + 800));
        late.addAll(session.handle(new Event.AssociationLost(new CommLost(CommLost.Cause.LOCAL_ABORT, "")), T0 + 800));
        assertEquals(List.of(), late);
        assertEquals("aborted: stop", session.outcome().replaceFirst("^Status\\(0\\): ssrun succeeded; then ", ""));
    }

    /** Slowloris: one Upload byte inside every TransmitTimeout keeps the session alive only until the deadline. */
    @Test
    void aTricklingUploadIsCutOffAtTheUploadDeadline() {
        SspServerSession slow = new SspServerSession(new SessionConfig(1, "node1", Path.of("work"), false,
                SessionTimers.defaults().withUploadDeadline(java.time.Duration.ofSeconds(100)),
                WorkPackageLimits.defaults()));
        slow.handle(new Event.Start(), T0);
        long now = T0;
        for (int i = 0; i < 4; i++) {
            now += 20_000;
            assertTrue(slow.handle(new Event.Tick(), now).isEmpty(), "no timer due at " + (now - T0));
            slow.handle(received(new Upload(new byte[1])), now);
        }
        assertEquals(T0 + 100_000, slow.nextDeadline().getAsLong(), "the deadline comes before the transmit timeout");
        List<Action> actions = slow.handle(new Event.Tick(), T0 + 100_000);
        assertEquals(ABORT_TAIL, actions.subList(0, 3), actions.toString());
        String end = assertInstanceOf(Action.End.class, actions.get(3)).outcome();
        assertTrue(end.contains("upload deadline"), end);
    }
}
