package org.raypool.worker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.raypool.transport.CommLost;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.EnvironmentHash;

/**
 * One Scripting Service session on one association, as a state machine: the pool element's state machine of
 * docs/protocol/scripting-service.md §5.2. It takes {@link Event}s and the time, and returns {@link Action}s;
 * {@link ServerSessionRunner} owns the association, the session thread and its timer, the upload files, the job and
 * the session directory, and carries the actions out. The protocol's name for a session stays with the protocol
 * logic; the runner is named after what it does.
 *
 * <pre>
 * UPLOAD   Ready sent. Environment(hash) → cache lookup → Environment(hash, U). Uploads go to input.data, then,
 *          if the environment was not cached, to environment.data. Every Upload restarts the TransmitTimeout.
 *          End of the last file → Status(0) → WORKING.
 * WORKING  Unpack and start ssrun (off the session thread); job over → final Status → DOWNLOAD; Keep-Alive both
 *          ways on the processing tick, Keep-Alive Ack(0) from us, unanswered Keep-Alive → abort.
 * DOWNLOAD output.data as Downloads of 16384 bytes + an empty one, clean up, graceful close.
 * </pre>
 *
 * Anything unexpected aborts; the session directory is always cleaned up before the association is closed or
 * aborted (§5.2 notes). [PROJECT] leniencies (§5.2): a Keep-Alive during UPLOAD is ignored; a job killed by a
 * signal reports a non-zero Status. Timers (§5.6): TransmitTimeout from Ready and from every Upload while
 * uploading, and [PROJECT] an upload deadline from Ready for the whole upload (docs/sandbox.md); in WORKING a
 * processing tick, whose first one sends the first Keep-Alive ({@link KeepAliveTimer}).
 *
 * <p>Refused work packages: the upload itself is accepted whenever it arrives complete and in order (Status 0, as
 * RSPLIB, whose PU cannot take a non-zero Status at that point, §6.2). The checks that can refuse a package — the
 * upload size limit here, the unpack limits in the runner's preparation — run as the first step of processing,
 * as RSPLIB's scriptingcontrol unpacks inside {@code run}. A refusal is reported like a failed job: final Status
 * {@link #REFUSED_STATUS} and an output.data holding an {@code output.txt} that says why. So the pool user's retry
 * counter counts it (a transport abort would make it retry forever on every worker), and the user reads the reason
 * in the usual place.
 *
 * <p>A job the worker cannot run for a reason of its own ends the same way, with Status {@link #WORKER_FAILURE_STATUS}
 * and a report that says so; only when even that report cannot be written does the session abort.
 *
 * <p>No clock, no locks, no I/O: time comes in as {@code nowMillis} (any monotonic millisecond count), and the
 * runner asks {@link #nextDeadline()} when to deliver the next {@link Event.Tick}. One thread at a time.
 */
public final class SspServerSession {

    /** Final Status of a refused work package: what scriptingcontrol exits with when unpacking fails (§4). */
    public static final int REFUSED_STATUS = 1;

    /**
     * Final Status of a job the worker could not run for a reason of its own (sandbox set-up, session directory out of
     * the job user's reach, a program that cannot be started): ssrun's own "ssrun itself failed" code, so the pool
     * user treats it as the worker's failure, not the job's.
     */
    public static final int WORKER_FAILURE_STATUS = 125;

    /** The two files an upload can fill, in the order they come (§5.2 notes). */
    public enum UploadFile { INPUT, ENVIRONMENT }

    /** What happens to a session. */
    public sealed interface Event {
        /** The association is accepted and the session directory exists: say Ready. */
        record Start() implements Event {}

        /** One decoded message from the pool user. */
        record Received(SspMessage message) implements Event {}

        /** A message from the pool user that does not decode. */
        record Malformed(String why) implements Event {}

        /** The environment cache answered the lookup of {@link Action.LookUpEnvironment}. */
        record EnvironmentLookedUp(EnvironmentHash hash, boolean cached) implements Event {}

        /**
         * One upload file is complete and closed.
         *
         * @param bytes     what was received, dropped bytes included
         * @param overLimit whether it passed the upload limit (and was dropped)
         * @param sha1      the hash of what was received, for the environment file
         */
        record UploadWritten(UploadFile file, long bytes, boolean overLimit, Optional<EnvironmentHash> sha1)
                implements Event {}

        /** An upload file could not be created, written or closed. */
        record UploadFailed(String why) implements Event {}

        /** The job could not be prepared or started, or failed in the worker itself. */
        record JobNotRun(String why) implements Event {}

        /**
         * The job could not run for a reason of the worker's own; the worker-failure report is written to
         * output.data.
         */
        record JobFailedOnWorker(String why) implements Event {}

        /** The preparation refused the work package; the refusal report is written to output.data. */
        record JobRefused(String reason) implements Event {}

        /** The job has ended. */
        record JobFinished(int status, boolean hasOutput, String summary) implements Event {}

        /** The results went out completely (all Downloads and the empty one). */
        record OutputSent(long bytes) implements Event {}

        /** The results could not be sent: output.data missing or unreadable. */
        record OutputFailed(String why) implements Event {}

        /** A message the runner was told to send could not be sent. */
        record SendFailed(SspMessage message, String why) implements Event {}

        /** The association ended under us. */
        record AssociationLost(CommLost reason) implements Event {}

        /** The deadline of {@link #nextDeadline()} may have come. */
        record Tick() implements Event {}

        /** The worker ends the session (it is stopping). */
        record Abort(String reason) implements Event {}
    }

    /** What the runner does for the session, in the order given. */
    public sealed interface Action {
        /** Send one message; on failure report {@link Event.SendFailed} and drop the rest of the actions. */
        record Send(SspMessage message) implements Action {}

        /** Look {@code hash} up in the environment cache (a hit copies it to environment.data). */
        record LookUpEnvironment(EnvironmentHash hash) implements Action {}

        /** Create the upload file. */
        record OpenUpload(UploadFile file) implements Action {}

        /** Append one Upload's data to the file (before the association's reader may go on). */
        record WriteUpload(UploadFile file, Upload upload) implements Action {}

        /** Close the upload file and report {@link Event.UploadWritten}. */
        record CloseUpload(UploadFile file) implements Action {}

        /** Prepare and start the job off the session thread; report how it went and when it ends. */
        record StartJob(JobRequest request) implements Action {}

        /** Send output.data as Downloads of at most 16384 bytes and the empty one; report how it went. */
        record SendOutput() implements Action {}

        /** Stop the job if it runs (kill it, wait for its end) and close the upload files. */
        record StopJob() implements Action {}

        /** Remove the session directory (unless configured to keep it). */
        record CleanUp() implements Action {}

        /** Graceful close of the association (SHUTDOWN). */
        record Close() implements Action {}

        /** Abort the association (ABORT). */
        record AbortAssociation() implements Action {}

        /** The session has ended: free its slot and report {@code outcome}. */
        record End(String outcome) implements Action {}
    }

    /**
     * What the job preparation needs (§5.2: check-environment, cache store; then the size and unpack checks, §5.3).
     *
     * @param uploadedEnvironment the hash of an environment uploaded in this session and within the limit: to be
     *                            cached under it
     * @param announcedEnvironment the hash the pool user announced, if any
     * @param withEnvironment     whether environment.data is there for the job (cached or uploaded)
     * @param refusal             why the package is refused before it is unpacked (upload limit), if it is
     */
    public record JobRequest(Optional<EnvironmentHash> uploadedEnvironment,
            Optional<EnvironmentHash> announcedEnvironment, boolean withEnvironment, Optional<String> refusal) {}

    private final SessionConfig config;

    private SessionState state = SessionState.UPLOAD;
    private boolean started;
    private String outcome = "";
    private long transmitDeadline;
    private long uploadDeadline;
    private long nextProcessingTick;
    private KeepAliveTimer keepAlive;
    private UploadFile uploading = UploadFile.INPUT;
    private boolean inputClosed;
    private long inputBytes;
    private boolean inputOverLimit;
    private EnvironmentHash announcedEnvironment;
    private boolean environmentNeeded;
    private boolean environmentCached;
    private boolean environmentUploaded;
    private boolean environmentOverLimit;
    private EnvironmentHash uploadedEnvironment;

    public SspServerSession(SessionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    SessionState state() {
        return state;
    }

    /** How it ended, "" while it runs. */
    public String outcome() {
        return outcome;
    }

    /** When the session wants the next {@link Event.Tick}; empty when no timer runs. */
    public OptionalLong nextDeadline() {
        if (!started) return OptionalLong.empty();
        return switch (state) {
            case UPLOAD -> OptionalLong.of(Math.min(transmitDeadline, uploadDeadline));
            case WORKING -> OptionalLong.of(nextProcessingTick);
            case DOWNLOAD, CLOSED -> OptionalLong.empty();
        };
    }

    /** Applies one event at {@code nowMillis}; the actions are to be carried out in order. */
    public List<Action> handle(Event event, long nowMillis) {
        Objects.requireNonNull(event, "event");
        if (state == SessionState.CLOSED) return List.of(); // late events after our close or abort
        List<Action> actions = new ArrayList<>();
        if (event instanceof Event.Start) {
            if (!started) {
                started = true;
                actions.add(new Action.OpenUpload(UploadFile.INPUT));
                actions.add(new Action.Send(new Ready(config.hostInfo())));
                armTransmitTimer(nowMillis);
                uploadDeadline = nowMillis + config.timers().uploadDeadline().toMillis();
            }
        } else if (event instanceof Event.Received r) {
            onMessage(actions, r.message(), nowMillis);
        } else if (event instanceof Event.Malformed m) {
            abort(actions, "undecodable message: " + m.why());
        } else if (event instanceof Event.EnvironmentLookedUp e) {
            if (state == SessionState.UPLOAD && e.hash().equals(announcedEnvironment)) {
                environmentCached = e.cached();
                environmentNeeded = !e.cached();
                actions.add(new Action.Send(new Environment(e.hash().bytes(), !e.cached())));
            }
        } else if (event instanceof Event.UploadWritten w) {
            onUploadWritten(actions, w, nowMillis);
        } else if (event instanceof Event.UploadFailed f) {
            abort(actions, f.why());
        } else if (event instanceof Event.JobNotRun f) {
            if (state == SessionState.WORKING) abort(actions, "cannot run the job: " + f.why());
        } else if (event instanceof Event.JobFailedOnWorker f) {
            if (state == SessionState.WORKING) finish(actions, WORKER_FAILURE_STATUS, true, "the worker could not run "
                    + "the job: " + f.why());
        } else if (event instanceof Event.JobRefused) {
            if (state == SessionState.WORKING) finish(actions, REFUSED_STATUS, true, "refusal report");
        } else if (event instanceof Event.JobFinished f) {
            if (state == SessionState.WORKING) finish(actions, f.status(), f.hasOutput(), f.summary());
        } else if (event instanceof Event.OutputSent) {
            if (state == SessionState.DOWNLOAD) {
                state = SessionState.CLOSED;
                actions.add(new Action.CleanUp());
                actions.add(new Action.Close());
                actions.add(new Action.End(outcome));
            }
        } else if (event instanceof Event.OutputFailed f) {
            abort(actions, f.why());
        } else if (event instanceof Event.SendFailed f) {
            abort(actions, "sending " + f.message().type() + " failed: " + f.why());
        } else if (event instanceof Event.AssociationLost l) {
            outcome = then("association lost: " + l.reason());
            state = SessionState.CLOSED;
            actions.add(new Action.StopJob());
            actions.add(new Action.CleanUp());
            actions.add(new Action.End(outcome));
        } else if (event instanceof Event.Tick) {
            onTick(actions, nowMillis);
        } else if (event instanceof Event.Abort a) {
            abort(actions, a.reason());
        }
        return List.copyOf(actions);
    }

    private void onMessage(List<Action> actions, SspMessage message, long now) {
        switch (state) {
            case UPLOAD -> {
                if (message instanceof Upload upload) {
                    onUpload(actions, upload, now);
                } else if (message instanceof Environment query) {
                    onEnvironment(actions, query, now);
                } else if (!(message instanceof KeepAlive)) { // [PROJECT] leniency: ignored while uploading
                    unexpected(actions, message);
                }
            }
            case WORKING -> {
                if (message instanceof KeepAlive) {
                    actions.add(new Action.Send(KeepAliveAck.ofPoolElement()));
                } else if (message instanceof KeepAliveAck) {
                    keepAlive.onAck();
                } else {
                    unexpected(actions, message);
                }
            }
            default -> unexpected(actions, message);
        }
    }

    private void onEnvironment(List<Action> actions, Environment query, long now) {
        if (announcedEnvironment != null || inputClosed) {
            unexpected(actions, query);
            return;
        }
        armTransmitTimer(now);
        announcedEnvironment = EnvironmentHash.of(query.hash());
        actions.add(new Action.LookUpEnvironment(announcedEnvironment));
    }

    private void onUpload(List<Action> actions, Upload upload, long now) {
        armTransmitTimer(now);
        if (upload.isEndOfFile()) {
            actions.add(new Action.CloseUpload(uploading));
        } else {
            actions.add(new Action.WriteUpload(uploading, upload));
        }
    }

    private void onUploadWritten(List<Action> actions, Event.UploadWritten written, long now) {
        if (state != SessionState.UPLOAD || written.file() != uploading) return;
        if (written.file() == UploadFile.INPUT) {
            inputClosed = true;
            inputBytes = written.bytes();
            inputOverLimit = written.overLimit();
            if (environmentNeeded) {
                uploading = UploadFile.ENVIRONMENT;
                actions.add(new Action.OpenUpload(UploadFile.ENVIRONMENT));
                return;
            }
        } else {
            environmentUploaded = true;
            environmentOverLimit = written.overLimit();
            uploadedEnvironment = written.sha1().orElse(null);
        }
        startProcessing(actions, now);
    }

    private void startProcessing(List<Action> actions, long now) {
        state = SessionState.WORKING;
        keepAlive = new KeepAliveTimer(config.timers().keepAliveInterval(), config.timers().keepAliveTimeout());
        nextProcessingTick = now + config.timers().processingTick().toMillis();
        actions.add(new Action.Send(new Status(0)));
        long limit = config.packageLimits().maxUploadBytes();
        Optional<String> refusal = Optional.empty();
        if (inputOverLimit) {
            refusal = Optional.of("the work package has " + inputBytes + " bytes, more than this worker's upload "
                    + "limit of " + limit + " bytes");
        } else if (environmentOverLimit) {
            refusal = Optional.of("the environment file is larger than this worker's upload limit of " + limit
                    + " bytes");
        }
        actions.add(new Action.StartJob(new JobRequest(
                environmentOverLimit ? Optional.empty() : Optional.ofNullable(uploadedEnvironment),
                Optional.ofNullable(announcedEnvironment), environmentCached || environmentUploaded, refusal)));
    }

    private void onTick(List<Action> actions, long now) {
        switch (state) {
            case UPLOAD -> {
                if (now >= uploadDeadline) {
                    abort(actions, "upload deadline: the upload was not complete "
                            + config.timers().uploadDeadline().toMillis() + " ms after Ready (--upload-deadline)");
                } else if (now >= transmitDeadline) {
                    abort(actions, "reception timeout: nothing received for "
                            + config.timers().transmitTimeout().toMillis() + " ms");
                }
            }
            case WORKING -> {
                if (now < nextProcessingTick) return;
                long tick = config.timers().processingTick().toMillis();
                while (nextProcessingTick <= now) nextProcessingTick += tick;
                switch (keepAlive.onTick(now)) {
                    case SEND -> actions.add(new Action.Send(new KeepAlive()));
                    case TIMEOUT -> abort(actions, "keep-alive timeout: no Keep-Alive Ack within "
                            + config.timers().keepAliveTimeout().toMillis() + " ms");
                    case NONE -> {
                    }
                }
            }
            default -> {
            }
        }
    }

    private void finish(List<Action> actions, int status, boolean hasOutput, String what) {
        outcome = "Status(" + Integer.toUnsignedString(status) + "): " + what;
        state = SessionState.DOWNLOAD;
        actions.add(new Action.Send(new Status(status)));
        if (!hasOutput) {
            abort(actions, "no output.data to download");
            return;
        }
        actions.add(new Action.SendOutput());
    }

    private void unexpected(List<Action> actions, SspMessage message) {
        abort(actions, "unexpected message " + message.type() + " in state " + state);
    }

    /** Timers stopped, half-written uploads and the job stopped, the directory removed, then the ABORT. */
    private void abort(List<Action> actions, String reason) {
        outcome = then("aborted: " + reason);
        state = SessionState.CLOSED;
        actions.add(new Action.StopJob());
        actions.add(new Action.CleanUp());
        actions.add(new Action.AbortAssociation());
        actions.add(new Action.End(outcome));
    }

    private String then(String what) {
        return (outcome.isEmpty() ? "" : outcome + "; then ") + what;
    }

    private void armTransmitTimer(long now) {
        transmitDeadline = now + config.timers().transmitTimeout().toMillis();
    }
}
