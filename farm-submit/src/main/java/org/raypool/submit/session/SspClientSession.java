package org.raypool.submit.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.raypool.submit.text.WorkerText;
import org.raypool.transport.CommLost;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;

/**
 * One Scripting Service session of the pool user with one worker, as a state machine: exactly the client state
 * machine of docs/protocol/scripting-service.md §6.2 with the keep-alive rules of §6.3 and the [PROJECT] notes.
 * It takes {@link Event}s and the time, and returns {@link Action}s; {@link ClientSessionRunner} owns the
 * association, the thread, the timer and the results file, and carries the actions out. The protocol's name for
 * a session stays with the protocol logic; the runner is named after what it does.
 *
 * <pre>
 * WAIT_SERVER_READY ── Ready ──► (Environment query →) upload the work package, then the empty Upload
 * WAIT_SERVER_READY ── Not Ready ──► fail over
 * WAIT_ENVIRONMENT ── Environment(U=1) ──► upload the environment file; (U=0) ──► nothing to upload
 * WAIT_START_PROCESSING ── Status(0) ──► PROCESSING;  Status(≠0) ──► fail over ([PROJECT])
 * PROCESSING ── Keep-Alive ──► Keep-Alive Ack (4 bytes);  Keep-Alive Ack ──► keep-alive satisfied
 * PROCESSING ── Status(s) ──► DOWNLOAD (for s ≠ 0 only when told to fetch a failed job's results)
 * DOWNLOAD after Status(s ≠ 0) ── lost, timed out, broken ──► the job failed with s, without results
 * DOWNLOAD ── Download(data) ──► append;  Download(empty) ──► COMPLETE
 * DOWNLOAD ── Download(data) past maxResultsBytes ──► RESULTS_TOO_LARGE (whatever the Status)
 * anything else, a malformed message, a send error, a lost association ──► fail over
 * </pre>
 *
 * Keep-Alives go out only after Status(0) ([PROJECT] §6.4): the next one is due KeepAliveInterval after the
 * connect or the last Ack; the worker is given up when the Ack has not come KeepAliveTimeout after the
 * Keep-Alive was <em>sent</em> ([PROJECT] §6.3). Before processing starts, the worker must answer within
 * KeepAliveInterval + KeepAliveTimeout, the time RSPLIB's client would wait, counted from its last message or
 * from the end of our upload, whichever is later.
 *
 * <p>A session is one attempt: it neither resolves handles nor retries. "Fail over" here means: stop, and say
 * why ({@link Action.FailOver}); the runner then deletes the partial results file and aborts the association,
 * and the dispatcher decides what happens next. Once it has failed over or completed, the machine ignores
 * every further event.
 *
 * <p>The worker's Ready and Not Ready info is taken in through {@link WorkerText#strip} (one line), so that
 * nothing it sends reaches a terminal or log with control characters.
 *
 * <p>No clock, no locks, no I/O: time comes in as {@code nowMillis} (any monotonic millisecond count), and the
 * runner asks {@link #nextDeadline()} when to deliver the next {@link Event.Tick}. One thread at a time.
 */
public final class SspClientSession {

    /** Where the session is; CONNECTING until the runner reports the association. */
    public enum State { CONNECTING, WAIT_SERVER_READY, WAIT_ENVIRONMENT, WAIT_START_PROCESSING, PROCESSING, DOWNLOAD,
        COMPLETE, FAILED_OVER }

    /** What happens to a session. */
    public sealed interface Event {
        /** The association to the worker is up. */
        record Connected() implements Event {}

        /** The association could not be set up. */
        record ConnectFailed(String why) implements Event {}

        /** The TLS handshake refused the worker's certificate (or the worker ours): docs/security.md. */
        record HandshakeRefused(String why) implements Event {}

        /** One decoded message from the worker. */
        record Received(SspMessage message) implements Event {}

        /** A message from the worker that does not decode. */
        record Malformed(String why) implements Event {}

        /** A message the runner was told to send has gone out (a blocking send has returned). */
        record Sent(SspMessage message) implements Event {}

        /** A message the runner was told to send could not be sent. */
        record SendFailed(SspMessage message, String why) implements Event {}

        /** The association ended under us. */
        record AssociationLost(CommLost reason) implements Event {}

        /** The deadline of {@link #nextDeadline()} may have come. */
        record Tick() implements Event {}

        /** Our side gives the attempt up (Ctrl-C, or the dispatcher). */
        record Cancel() implements Event {}
    }

    /** What the runner does for the session, in the order given. */
    public sealed interface Action {
        /** Send one message; report {@link Event.Sent} or {@link Event.SendFailed}. */
        record Send(SspMessage message) implements Action {}

        /** The worker said Ready: the upload starts ({@link SessionListener#uploading}). */
        record Uploading(String workerInfo) implements Action {}

        /** The worker accepted the upload ({@link SessionListener#processing}). */
        record Processing(String workerInfo) implements Action {}

        /** The job ended with {@code status}: create the results file ({@link SessionListener#downloading}). */
        record Downloading(int status) implements Action {}

        /** Append one Download's data to the results file. */
        record WriteResults(Download download) implements Action {}

        /** The results file is complete: close it and the association; the session has ended. */
        record Complete(int status, String workerInfo) implements Action {}

        /** The session has failed over: delete the results file, abort the association (§6.3 FAILOVER). */
        record FailOver(SessionOutcome.Failed failure) implements Action {}
    }

    private final SessionTimers timers;
    private final byte[] input;
    private final Optional<EnvironmentFile> environment;
    private final boolean downloadFailedOutput;
    private final long maxResultsBytes;

    private State state = State.CONNECTING;
    private String workerInfo = "";
    private long lastKeepAlive;
    private long lastAnswer;
    private boolean keepAliveOutstanding;
    private long keepAliveSentAt;
    private int finalStatus;
    private long resultsBytes;

    /**
     * @param input                the work package, uploaded as {@code input.data}
     * @param environment          the environment file, if any
     * @param downloadFailedOutput whether a job that ends with a non-zero Status still has its results
     *                             downloaded (RSPLIB does so on the last allowed trial, "for debugging")
     * @param maxResultsBytes      the most the results file may hold: a worker that sends more is given up
     *                             ({@link FailureKind#RESULTS_TOO_LARGE}), however it keeps the session alive
     */
    public SspClientSession(SessionTimers timers, byte[] input, Optional<EnvironmentFile> environment,
            boolean downloadFailedOutput, long maxResultsBytes) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.input = input.clone();
        this.environment = Objects.requireNonNull(environment, "environment");
        this.downloadFailedOutput = downloadFailedOutput;
        if (maxResultsBytes < 1) throw new IllegalArgumentException("maxResultsBytes must be positive");
        this.maxResultsBytes = maxResultsBytes;
    }

    public State state() {
        return state;
    }

    /** True once the session has completed or failed over. */
    public boolean ended() {
        return state == State.COMPLETE || state == State.FAILED_OVER;
    }

    /** When the session wants the next {@link Event.Tick}; empty before the connect and after the end. */
    public OptionalLong nextDeadline() {
        return switch (state) {
            case CONNECTING, COMPLETE, FAILED_OVER -> OptionalLong.empty();
            case PROCESSING, DOWNLOAD -> OptionalLong.of(keepAliveOutstanding
                    ? keepAliveSentAt + timers.keepAliveTimeout().toMillis()
                    : lastKeepAlive + timers.keepAliveInterval().toMillis());
            default -> OptionalLong.of(lastAnswer + timers.answerTimeout().toMillis());
        };
    }

    /** Applies one event at {@code nowMillis}; the actions are to be carried out in order. */
    public List<Action> handle(Event event, long nowMillis) {
        Objects.requireNonNull(event, "event");
        if (ended()) return List.of();
        List<Action> actions = new ArrayList<>();
        if (event instanceof Event.Connected) {
            if (state == State.CONNECTING) {
                state = State.WAIT_SERVER_READY;
                lastKeepAlive = nowMillis;
                lastAnswer = nowMillis;
            }
        } else if (event instanceof Event.ConnectFailed f) {
            failOver(actions, FailureKind.CONNECT_FAILED, f.why());
        } else if (event instanceof Event.HandshakeRefused f) {
            failOver(actions, FailureKind.NOT_AUTHENTICATED, f.why());
        } else if (event instanceof Event.Received r) {
            onMessage(actions, r.message(), nowMillis);
        } else if (event instanceof Event.Malformed m) {
            failOver(actions, FailureKind.PROTOCOL_ERROR, "malformed message in state " + state + ": " + m.why());
        } else if (event instanceof Event.Sent s) {
            // a long upload is not the worker's silence: its answer is due from the end of the upload
            if (s.message() instanceof Upload u && u.isEndOfFile() && !keepAliveRunning()) lastAnswer = nowMillis;
        } else if (event instanceof Event.SendFailed f) {
            failOver(actions, FailureKind.LOST, "sending " + f.message().type() + " failed in state " + state + ": "
                    + f.why());
        } else if (event instanceof Event.AssociationLost l) {
            failOver(actions, FailureKind.LOST, (l.reason().cause() == CommLost.Cause.PEER_SHUTDOWN
                    ? "the worker closed the session" : "association lost: " + l.reason()) + " in state " + state);
        } else if (event instanceof Event.Tick) {
            onTick(actions, nowMillis);
        } else if (event instanceof Event.Cancel) {
            failOver(actions, FailureKind.CANCELLED, state == State.CONNECTING ? "cancelled before connecting"
                    : "cancelled in state " + state);
        }
        return List.copyOf(actions);
    }

    private boolean keepAliveRunning() {
        return state == State.PROCESSING || state == State.DOWNLOAD;
    }

    private void onTick(List<Action> actions, long now) {
        OptionalLong deadline = nextDeadline();
        if (deadline.isEmpty() || now < deadline.getAsLong()) return;
        if (!keepAliveRunning()) {
            failOver(actions, FailureKind.KEEP_ALIVE_TIMEOUT, "no answer within " + timers.answerTimeout().toMillis()
                    + " ms in state " + state);
        } else if (keepAliveOutstanding) {
            failOver(actions, FailureKind.KEEP_ALIVE_TIMEOUT, "no Keep-Alive Ack within "
                    + timers.keepAliveTimeout().toMillis() + " ms (keep-alive timeout) in state " + state);
        } else {
            keepAliveOutstanding = true;
            keepAliveSentAt = now;
            actions.add(new Action.Send(new KeepAlive()));
        }
    }

    private void onMessage(List<Action> actions, SspMessage message, long now) {
        lastAnswer = now;
        switch (state) {
            case WAIT_SERVER_READY -> {
                if (message instanceof Ready ready) {
                    workerInfo = WorkerText.strip(ready.info(), WorkerText.Layout.LINE);
                    actions.add(new Action.Uploading(workerInfo));
                    if (environment.isPresent()) {
                        state = State.WAIT_ENVIRONMENT;
                        actions.add(new Action.Send(Environment.query(environment.get().sha1())));
                    } else {
                        state = State.WAIT_START_PROCESSING;
                    }
                    upload(actions, input);
                } else if (message instanceof NotReady notReady) {
                    workerInfo = WorkerText.strip(notReady.info(), WorkerText.Layout.LINE);
                    failOver(actions, FailureKind.NOT_READY, "worker "
                            + (workerInfo.isEmpty() ? "" : workerInfo + " ") + "is not ready (reason "
                            + Integer.toUnsignedString(notReady.reason())
                            + (notReady.reason() == NotReady.REASON_FULLY_LOADED ? ", fully loaded" : "") + ")");
                } else {
                    unexpected(actions, message);
                }
            }
            case WAIT_ENVIRONMENT -> {
                if (message instanceof Environment reply) {
                    if (!Arrays.equals(reply.hash(), environment.orElseThrow().sha1())) {
                        failOver(actions, FailureKind.PROTOCOL_ERROR, "the worker answered for environment "
                                + reply.hashHex() + ", not ours");
                        return;
                    }
                    state = State.WAIT_START_PROCESSING;
                    if (reply.uploadNeeded()) upload(actions, environment.get().bytes());
                } else {
                    unexpected(actions, message);
                }
            }
            case WAIT_START_PROCESSING -> {
                if (message instanceof Status status) {
                    if (status.status() != 0) {
                        failOver(actions, FailureKind.PROTOCOL_ERROR, "the worker did not accept the upload ("
                                + status + " before processing)");
                        return;
                    }
                    state = State.PROCESSING;
                    actions.add(new Action.Processing(workerInfo));
                } else {
                    unexpected(actions, message);
                }
            }
            case PROCESSING -> {
                if (message instanceof KeepAlive) {
                    actions.add(new Action.Send(KeepAliveAck.ofPoolUser()));
                } else if (message instanceof KeepAliveAck) {
                    keepAliveAcknowledged(now);
                } else if (message instanceof Status status) {
                    finalStatus = status.status();
                    if (finalStatus != 0 && !downloadFailedOutput) {
                        end(actions, new SessionOutcome.Failed(FailureKind.JOB_FAILED, "the job ended with status "
                                + Integer.toUnsignedString(finalStatus), Optional.of(finalStatus), workerInfo));
                        return;
                    }
                    state = State.DOWNLOAD;
                    actions.add(new Action.Downloading(finalStatus));
                } else {
                    unexpected(actions, message);
                }
            }
            case DOWNLOAD -> {
                if (message instanceof Download download) {
                    if (download.isEndOfFile()) {
                        state = State.COMPLETE;
                        actions.add(new Action.Complete(finalStatus, workerInfo));
                    } else {
                        resultsBytes += download.data().length;
                        if (resultsBytes > maxResultsBytes) {
                            // not turned into JOB_FAILED by failOver: the flood is the worker's fault, not the job's
                            end(actions, new SessionOutcome.Failed(FailureKind.RESULTS_TOO_LARGE, "the worker sent "
                                    + resultsBytes + " bytes of results, more than the " + maxResultsBytes
                                    + " this job can produce", workerInfo));
                            return;
                        }
                        actions.add(new Action.WriteResults(download));
                    }
                } else if (message instanceof KeepAliveAck) {
                    keepAliveAcknowledged(now);
                } else {
                    unexpected(actions, message);
                }
            }
            default -> unexpected(actions, message);
        }
    }

    private void keepAliveAcknowledged(long now) {
        keepAliveOutstanding = false;
        lastKeepAlive = now;
    }

    /** The file as Upload messages of at most 16384 bytes, then the empty Upload that ends it. */
    private static void upload(List<Action> actions, byte[] file) {
        for (int offset = 0; offset < file.length; offset += SspCodec.MAX_CHUNK) {
            int end = Math.min(file.length, offset + SspCodec.MAX_CHUNK);
            actions.add(new Action.Send(new Upload(Arrays.copyOfRange(file, offset, end))));
        }
        actions.add(new Action.Send(Upload.endOfFile()));
    }

    private void unexpected(List<Action> actions, SspMessage message) {
        failOver(actions, FailureKind.PROTOCOL_ERROR, "unexpected " + message.type() + " in state " + state);
    }

    private void failOver(List<Action> actions, FailureKind kind, String detail) {
        if (state == State.DOWNLOAD && finalStatus != 0 && kind != FailureKind.CANCELLED) {
            // the job has failed already; a worker aborts when its failed job left no results (§5.2 DOWNLOAD)
            end(actions, new SessionOutcome.Failed(FailureKind.JOB_FAILED, "the job ended with status "
                    + Integer.toUnsignedString(finalStatus) + " and its results did not come (" + detail + ")",
                    Optional.of(finalStatus), workerInfo));
            return;
        }
        end(actions, new SessionOutcome.Failed(kind, detail, workerInfo));
    }

    private void end(List<Action> actions, SessionOutcome.Failed failure) {
        state = State.FAILED_OVER;
        actions.add(new Action.FailOver(failure));
    }
}
