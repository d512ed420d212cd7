package org.raypool.submit.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Scripting Service session of the pool user with one worker, exactly the client state machine of
 * scripting-service spec §6.2 with the keep-alive rules of §6.3 and the [PROJECT] notes:
 *
 * <pre>
 * WAIT_SERVER_READY ── Ready ──► (Environment query →) upload the work package, then the empty Upload
 * WAIT_SERVER_READY ── Not Ready ──► fail over
 * WAIT_ENVIRONMENT ── Environment(U=1) ──► upload the environment file; (U=0) ──► nothing to upload
 * WAIT_START_PROCESSING ── Status(0) ──► PROCESSING;  Status(≠0) ──► fail over ([PROJECT])
 * PROCESSING ── Keep-Alive ──► Keep-Alive Ack (4 bytes);  Keep-Alive Ack ──► keep-alive satisfied
 * PROCESSING ── Status(s) ──► DOWNLOAD (for s ≠ 0 only when told to fetch a failed job's results)
 * DOWNLOAD ── Download(data) ──► append;  Download(empty) ──► COMPLETE
 * anything else, a malformed message, a send error, a lost association ──► fail over
 * </pre>
 *
 * Keep-Alives go out only after Status(0) ([PROJECT] §6.4): the next one is due KeepAliveInterval after the
 * connect or the last Ack; the worker is given up when the Ack has not come KeepAliveTimeout after the
 * Keep-Alive was <em>sent</em> ([PROJECT] §6.3). Before processing starts, the worker must answer within
 * KeepAliveInterval + KeepAliveTimeout, the time RSPLIB's client would wait.
 *
 * <p>A session is one attempt: it neither resolves handles nor retries. "Fail over" here means: stop, delete
 * the partial results file, abort the association and say why ({@link SessionOutcome.Failed}); the
 * dispatcher decides what happens next. {@link #run} runs on the caller's thread; {@link #cancel} may be
 * called from any thread.
 */
public final class SspClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(SspClientSession.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    enum State { CONNECTING, WAIT_SERVER_READY, WAIT_ENVIRONMENT, WAIT_START_PROCESSING, PROCESSING, DOWNLOAD, COMPLETE }

    private sealed interface Event {}

    private record Received(SspMessage message) implements Event {}

    private record Malformed(String why) implements Event {}

    private record Lost(CommLost reason) implements Event {}

    private record Cancel() implements Event {}

    private final SessionTimers timers;
    private final SessionListener listener;
    private final String label;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Association association;
    private volatile boolean cancelled;
    private volatile State state = State.CONNECTING;

    private String workerInfo = "";
    private long lastKeepAlive;
    private long lastAnswer;
    private boolean keepAliveOutstanding;
    private long keepAliveSentAt;
    private int finalStatus;

    /**
     * @param label names the session in log lines, e.g. the pool handle and the scene
     */
    public SspClientSession(SessionTimers timers, SessionListener listener, String label) {
        this.timers = timers;
        this.listener = listener;
        this.label = label;
    }

    /** The state the session is in, for tests and the progress display. */
    public State state() {
        return state;
    }

    /**
     * Runs the session with {@code worker} to its end.
     *
     * @param input                the work package, uploaded as {@code input.data}
     * @param environment          the environment file, if any
     * @param downloadFailedOutput whether a job that ends with a non-zero Status still has its results
     *                             downloaded (RSPLIB does so on the last allowed trial, "for debugging")
     * @param results              where the downloaded results file goes; deleted unless the session completes
     * @throws IOException          only when {@code results} cannot be written here (a local problem)
     * @throws InterruptedException when the calling thread is interrupted; the association is aborted
     */
    public SessionOutcome run(Worker worker, byte[] input, Optional<EnvironmentFile> environment,
            boolean downloadFailedOutput, Path results) throws IOException, InterruptedException {
        if (cancelled) return failed(FailureKind.CANCELLED, "cancelled before connecting");
        Transport transport;
        try {
            transport = Transports.forName(worker.transport(), new TransportOptions(timers.transmitTimeout(), CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            return failed(FailureKind.CONNECT_FAILED, e.getMessage());
        }
        Association a;
        try {
            a = transport.connect(worker.addresses(), Protocol.SSP, new Callbacks(), timers.connectTimeout());
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: cannot connect to worker {}: {}", label, worker.label(), e.getMessage());
            return failed(FailureKind.CONNECT_FAILED, String.valueOf(e.getMessage()));
        }
        association = a;
        state = State.WAIT_SERVER_READY;
        LOG.debug("{}: {} connected to worker {}", label, a.id(), worker.label());
        boolean completed = false;
        OutputStream out = null;
        try {
            if (cancelled) return failed(FailureKind.CANCELLED, "cancelled");
            long now = System.nanoTime();
            lastKeepAlive = now;
            lastAnswer = now;
            while (true) {
                long deadline = nextDeadline();
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                SessionOutcome outcome;
                if (event == null) {
                    outcome = onTimer(a);
                } else if (event instanceof Received r) {
                    listener.activity();
                    outcome = onMessage(a, r.message(), input, environment, downloadFailedOutput);
                    if (state == State.DOWNLOAD && out == null && outcome == null) {
                        out = Files.newOutputStream(results);
                    }
                    if (outcome == null && r.message() instanceof Download d && state == State.DOWNLOAD) {
                        out.write(d.data());
                    } else if (outcome == null && state == State.COMPLETE) {
                        out.close();
                        out = null;
                        completed = true;
                        LOG.debug("{}: {} results downloaded from worker {} ({} bytes), status {}", label, a.id(),
                                worker.label(), Files.size(results), Integer.toUnsignedString(finalStatus));
                        a.close();
                        return new SessionOutcome.Completed(finalStatus, results, workerInfo);
                    }
                } else if (event instanceof Malformed m) {
                    outcome = failed(FailureKind.PROTOCOL_ERROR, "malformed message in state " + state + ": " + m.why());
                } else if (event instanceof Lost l) {
                    outcome = failed(FailureKind.LOST, (l.reason().cause() == CommLost.Cause.PEER_SHUTDOWN
                            ? "the worker closed the session" : "association lost: " + l.reason()) + " in state " + state);
                } else {
                    outcome = failed(FailureKind.CANCELLED, "cancelled in state " + state);
                }
                if (outcome != null) {
                    if (outcome instanceof SessionOutcome.Failed f && f.kind() != FailureKind.CANCELLED) {
                        LOG.info("{}: {} worker {} fails over: {}", label, a.id(), worker.label(), f);
                    }
                    return outcome;
                }
            }
        } catch (InterruptedException e) {
            cancelled = true;
            throw e;
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.debug("{}: closing {}: {}", label, results, e.toString());
                }
            }
            if (!completed) {
                a.abort();
                Files.deleteIfExists(results);
            }
        }
    }

    /** Stops the session from any thread: the association is aborted and {@link #run} returns CANCELLED. */
    public void cancel() {
        cancelled = true;
        events.add(new Cancel());
        Association a = association;
        if (a != null) a.abort();
    }

    private long nextDeadline() {
        return switch (state) {
            case PROCESSING, DOWNLOAD -> keepAliveOutstanding ? keepAliveSentAt + timers.keepAliveTimeout().toNanos()
                    : lastKeepAlive + timers.keepAliveInterval().toNanos();
            default -> lastAnswer + timers.answerTimeout().toNanos();
        };
    }

    private SessionOutcome onTimer(Association a) {
        long now = System.nanoTime();
        if (now < nextDeadline()) return null;
        if (state != State.PROCESSING && state != State.DOWNLOAD) {
            return failed(FailureKind.KEEP_ALIVE_TIMEOUT, "no answer within " + timers.answerTimeout().toMillis()
                    + " ms in state " + state);
        }
        if (keepAliveOutstanding) {
            return failed(FailureKind.KEEP_ALIVE_TIMEOUT, "no Keep-Alive Ack within "
                    + timers.keepAliveTimeout().toMillis() + " ms (keep-alive timeout) in state " + state);
        }
        keepAliveOutstanding = true;
        keepAliveSentAt = now;
        return send(a, new KeepAlive());
    }

    private SessionOutcome onMessage(Association a, SspMessage message, byte[] input,
            Optional<EnvironmentFile> environment, boolean downloadFailedOutput) {
        lastAnswer = System.nanoTime();
        switch (state) {
            case WAIT_SERVER_READY:
                if (message instanceof Ready ready) {
                    workerInfo = ready.info();
                    listener.uploading(workerInfo);
                    SessionOutcome sent;
                    if (environment.isPresent()) {
                        state = State.WAIT_ENVIRONMENT;
                        sent = send(a, Environment.query(environment.get().sha1()));
                    } else {
                        state = State.WAIT_START_PROCESSING;
                        sent = null;
                    }
                    if (sent == null) sent = upload(a, input);
                    lastAnswer = System.nanoTime();
                    return sent;
                }
                if (message instanceof NotReady notReady) {
                    workerInfo = notReady.info();
                    return failed(FailureKind.NOT_READY, "worker " + (notReady.info().isEmpty() ? "" : notReady.info() + " ")
                            + "is not ready (reason " + Integer.toUnsignedString(notReady.reason())
                            + (notReady.reason() == NotReady.REASON_FULLY_LOADED ? ", fully loaded" : "") + ")");
                }
                return unexpected(message);
            case WAIT_ENVIRONMENT:
                if (message instanceof Environment reply) {
                    if (!Arrays.equals(reply.hash(), environment.orElseThrow().sha1())) {
                        return failed(FailureKind.PROTOCOL_ERROR, "the worker answered for environment "
                                + reply.hashHex() + ", not ours");
                    }
                    state = State.WAIT_START_PROCESSING;
                    SessionOutcome sent = reply.uploadNeeded() ? upload(a, environment.get().bytes()) : null;
                    lastAnswer = System.nanoTime();
                    return sent;
                }
                return unexpected(message);
            case WAIT_START_PROCESSING:
                if (message instanceof Status status) {
                    if (status.status() != 0) {
                        return failed(FailureKind.PROTOCOL_ERROR, "the worker did not accept the upload ("
                                + status + " before processing)");
                    }
                    state = State.PROCESSING;
                    listener.processing(workerInfo);
                    return null;
                }
                return unexpected(message);
            case PROCESSING:
                if (message instanceof KeepAlive) {
                    return send(a, KeepAliveAck.ofPoolUser());
                }
                if (message instanceof KeepAliveAck) {
                    keepAliveAcknowledged();
                    return null;
                }
                if (message instanceof Status status) {
                    finalStatus = status.status();
                    if (finalStatus != 0 && !downloadFailedOutput) {
                        return new SessionOutcome.Failed(FailureKind.JOB_FAILED, "the job ended with status "
                                + Integer.toUnsignedString(finalStatus), Optional.of(finalStatus), workerInfo);
                    }
                    state = State.DOWNLOAD;
                    listener.downloading(finalStatus);
                    return null;
                }
                return unexpected(message);
            case DOWNLOAD:
                if (message instanceof Download download) {
                    if (download.isEndOfFile()) state = State.COMPLETE;
                    return null;
                }
                if (message instanceof KeepAliveAck) {
                    keepAliveAcknowledged();
                    return null;
                }
                return unexpected(message);
            default:
                return unexpected(message);
        }
    }

    private void keepAliveAcknowledged() {
        keepAliveOutstanding = false;
        lastKeepAlive = System.nanoTime();
    }

    /** The file as Upload messages of at most 16384 bytes, then the empty Upload that ends it. */
    private SessionOutcome upload(Association a, byte[] file) {
        for (int offset = 0; offset < file.length; offset += SspCodec.MAX_CHUNK) {
            if (cancelled) return failed(FailureKind.CANCELLED, "cancelled during the upload");
            int end = Math.min(file.length, offset + SspCodec.MAX_CHUNK);
            SessionOutcome sent = send(a, new Upload(Arrays.copyOfRange(file, offset, end)));
            if (sent != null) return sent;
            listener.activity();
        }
        return send(a, Upload.endOfFile());
    }

    private SessionOutcome send(Association a, SspMessage message) {
        try {
            a.send(Protocol.SSP, ByteBuffer.wrap(SspCodec.INSTANCE.encode(message)));
            return null;
        } catch (IOException | RuntimeException e) {
            if (cancelled) return failed(FailureKind.CANCELLED, "cancelled");
            return failed(FailureKind.LOST, "sending " + message.type() + " failed in state " + state + ": " + e.getMessage());
        }
    }

    private SessionOutcome unexpected(SspMessage message) {
        return failed(FailureKind.PROTOCOL_ERROR, "unexpected " + message.type() + " in state " + state);
    }

    private SessionOutcome failed(FailureKind kind, String detail) {
        return new SessionOutcome.Failed(kind, detail, workerInfo);
    }

    private final class Callbacks implements AssociationListener {
        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            try {
                events.add(new Received(SspCodec.INSTANCE.decode(message)));
            } catch (ProtocolException e) {
                events.add(new Malformed(e.getMessage()));
            }
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {
            events.add(new Lost(reason));
        }
    }
}
