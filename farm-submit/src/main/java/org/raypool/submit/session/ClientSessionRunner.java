package org.raypool.submit.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.raypool.submit.session.SspClientSession.Action;
import org.raypool.submit.session.SspClientSession.Event;
import org.raypool.transport.Association;
import org.raypool.transport.ClosedAssociationException;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link SspClientSession} against one worker: connects, feeds the machine the association's messages,
 * its loss, cancels and timer ticks (at the machine's {@link SspClientSession#nextDeadline()}), and carries out
 * its actions — sends, the listener's calls, the results file, closing or aborting the association.
 *
 * <p>{@link #run} runs on the caller's thread, which is the only one that touches the machine; the association's
 * reader thread and {@link #cancel} only queue events.
 */
public final class ClientSessionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSessionRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final SessionTimers timers;
    private final TlsPolicy tls;
    private final SessionListener listener;
    private final String label;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Association association;
    private volatile boolean cancelled;
    private volatile SspClientSession.State state = SspClientSession.State.CONNECTING;

    /**
     * @param label names the session in log lines, e.g. the pool handle and the scene
     */
    public ClientSessionRunner(SessionTimers timers, SessionListener listener, String label) {
        this(timers, listener, label, null);
    }

    /** With {@code tls} (null: open mode), the worker must present a worker certificate (docs/security.md). */
    public ClientSessionRunner(SessionTimers timers, SessionListener listener, String label, TlsPolicy tls) {
        this.tls = tls;
        this.timers = timers;
        this.listener = listener;
        this.label = label;
    }

    /** The state the session is in, for tests and the progress display. */
    public SspClientSession.State state() {
        return state;
    }

    /**
     * Runs the session with {@code worker} to its end.
     *
     * @param input                the work package, uploaded as {@code input.data}
     * @param environment          the environment file, if any
     * @param downloadFailedOutput whether a job that ends with a non-zero Status still has its results
     *                             downloaded (RSPLIB does so on the last allowed trial, "for debugging")
     * @param maxResultsBytes      the most the results file may hold (see {@link SspClientSession})
     * @param results              where the downloaded results file goes; deleted unless the session completes
     * @throws IOException          only when {@code results} cannot be written here (a local problem)
     * @throws InterruptedException when the calling thread is interrupted; the association is aborted
     */
    public SessionOutcome run(Worker worker, byte[] input, Optional<EnvironmentFile> environment,
            boolean downloadFailedOutput, long maxResultsBytes, Path results) throws IOException, InterruptedException {
        SspClientSession session = new SspClientSession(timers, input, environment, downloadFailedOutput,
                maxResultsBytes);
        Execution execution = new Execution(session, worker, results);
        try {
            if (cancelled) return execution.apply(new Event.Cancel());
            Transport transport;
            try {
                transport = Transports.forName(worker.transport(), new TransportOptions(timers.transmitTimeout(),
                        CLOSE_TIMEOUT), null, tls);
            } catch (RuntimeException e) {
                return execution.apply(new Event.ConnectFailed(e.getMessage()));
            }
            Association a;
            try {
                a = transport.connect(worker.addresses(), Protocol.SSP, new Callbacks(), timers.connectTimeout());
            } catch (IOException | RuntimeException e) {
                LOG.info("{}: cannot connect to worker {}: {}", label, worker.label(), e.getMessage());
                return execution.apply(refusedByTls(e) ? new Event.HandshakeRefused(String.valueOf(e.getMessage()))
                        : new Event.ConnectFailed(String.valueOf(e.getMessage())));
            }
            association = a;
            execution.association = a;
            LOG.debug("{}: {} connected to worker {}", label, a.id(), worker.label());
            SessionOutcome outcome = execution.apply(cancelled ? new Event.Cancel() : new Event.Connected());
            while (outcome == null) {
                OptionalLong deadline = session.nextDeadline();
                long wait = deadline.isPresent() ? Math.max(0, deadline.getAsLong() - nowMillis()) : Long.MAX_VALUE;
                Event event = events.poll(wait, TimeUnit.MILLISECONDS);
                outcome = execution.apply(event == null ? new Event.Tick() : event);
            }
            return outcome;
        } catch (InterruptedException e) {
            cancelled = true;
            throw e;
        } finally {
            execution.finish();
        }
    }

    /** Stops the session from any thread: the association is aborted and {@link #run} returns CANCELLED. */
    public void cancel() {
        cancelled = true;
        events.add(new Event.Cancel());
        Association a = association;
        if (a != null) a.abort();
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** One run's machine, association and results file, on the running thread. */
    private final class Execution {
        private final SspClientSession session;
        private final Worker worker;
        private final Path results;
        private Association association;
        private OutputStream out;
        private boolean completed;

        Execution(SspClientSession session, Worker worker, Path results) {
            this.session = session;
            this.worker = worker;
            this.results = results;
        }

        /** Feeds one event and carries out what follows; the outcome once the session has ended, else null. */
        SessionOutcome apply(Event event) throws IOException {
            if (event instanceof Event.Received) listener.activity();
            Deque<Action> todo = new ArrayDeque<>(handle(event));
            while (!todo.isEmpty()) {
                Action action = todo.removeFirst();
                if (action instanceof Action.Send send) {
                    List<Action> next;
                    if (cancelled) {
                        next = handle(new Event.Cancel());
                    } else {
                        try {
                            association.send(Protocol.SSP, ByteBuffer.wrap(SspCodec.INSTANCE.encode(send.message())));
                            if (send.message() instanceof Upload u && !u.isEndOfFile()) listener.activity();
                            next = handle(new Event.Sent(send.message()));
                        } catch (ClosedAssociationException e) {
                            // the worker closed the association already: its onCommLost is queued behind the
                            // messages it sent before (a Status and the results), which are still to be handled
                            next = cancelled ? handle(new Event.Cancel()) : List.of();
                        } catch (IOException | RuntimeException e) {
                            next = handle(cancelled ? new Event.Cancel()
                                    : new Event.SendFailed(send.message(), String.valueOf(e.getMessage())));
                        }
                    }
                    if (session.ended()) todo.clear();
                    todo.addAll(next);
                } else if (action instanceof Action.Uploading u) {
                    listener.uploading(u.workerInfo());
                } else if (action instanceof Action.Processing p) {
                    listener.processing(p.workerInfo());
                } else if (action instanceof Action.Downloading d) {
                    out = Files.newOutputStream(results);
                    listener.downloading(d.status());
                } else if (action instanceof Action.WriteResults w) {
                    out.write(w.download().data());
                } else if (action instanceof Action.Complete c) {
                    out.close();
                    out = null;
                    completed = true;
                    LOG.debug("{}: {} results downloaded from worker {} ({} bytes), status {}", label,
                            association.id(), worker.label(), Files.size(results), Integer.toUnsignedString(c.status()));
                    association.close();
                    return new SessionOutcome.Completed(c.status(), results, c.workerInfo());
                } else if (action instanceof Action.FailOver f) {
                    if (f.failure().kind() != FailureKind.CANCELLED && association != null) {
                        LOG.info("{}: {} worker {} fails over: {}", label, association.id(), worker.label(), f.failure());
                    }
                    return f.failure();
                }
            }
            return null;
        }

        private List<Action> handle(Event event) {
            List<Action> actions = session.handle(event, nowMillis());
            state = session.state();
            return actions;
        }

        /** Whatever happened: the results file closed, and unless completed deleted and the association aborted. */
        void finish() throws IOException {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.debug("{}: closing {}: {}", label, results, e.toString());
                }
            }
            if (!completed) {
                if (association != null) association.abort();
                Files.deleteIfExists(results);
            }
        }
    }

    private final class Callbacks implements AssociationListener {
        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            try {
                events.add(new Event.Received(SspCodec.INSTANCE.decode(message)));
            } catch (ProtocolException e) {
                events.add(new Event.Malformed(e.getMessage()));
            }
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {
            events.add(new Event.AssociationLost(reason));
        }
    }

    private static boolean refusedByTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) return true;
        }
        return false;
    }
}
