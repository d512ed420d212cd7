package org.raypool.submit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.submit.session.Worker;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;
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
 * A small SSP server for tests, over real TCP on loopback: it plays a Scripting Service worker
 * (docs/protocol/scripting-service.md §5.2) that behaves well or badly, one {@link Script} per session. Jobs either run
 * for real (the package's {@code ssrun} with the real POV-Ray, as a worker does) or return canned results. Everything
 * each session received is recorded.
 */
public final class ScriptedWorker implements AutoCloseable {

    /** What the worker does in one session. */
    public enum Behaviour {
        /** Ready, take the upload, Status 0, run the job with keep-alives, Status, Download, close. */
        NORMAL,
        /** Not Ready (fully loaded), then close. */
        NOT_READY,
        /** Accept, then say nothing at all. */
        SILENT,
        /** Take the upload, Status 0, then abort the association after {@code delay} (the job is killed). */
        ABORT_MID_RENDER,
        /** Take the upload, Status 0, then ignore the client's Keep-Alives; never finish. */
        IGNORE_KEEP_ALIVES,
        /**
         * As IGNORE_KEEP_ALIVES, but after {@code delay} send a result anyway: {@link Script#lateResults()} with
         * Status 0 (what an abandoned attempt would deliver late).
         */
        LATE_RESULT,
        /** Answer the upload with Status 1 ("upload not accepted"). */
        REFUSE_UPLOAD,
        /** Send an undecodable message (unknown type) right after Ready. */
        GARBAGE,
        /** Send a Download while the client is still uploading. */
        UNEXPECTED_DOWNLOAD,
        /**
         * Take the upload, Status 0, then at once the final Status 0 and Download chunks of 16 KiB without end, answering the client's
         * Keep-Alives, until the client goes (a worker that fills the submitter's disk).
         */
        FLOOD
    }

    /** One session's script. */
    public record Script(Behaviour behaviour, Duration delay, byte[] lateResults, Boolean environmentCached) {
        public static Script of(Behaviour behaviour) {
            return new Script(behaviour, Duration.ofMillis(300), new byte[0], null);
        }

        public static Script of(Behaviour behaviour, Duration delay) {
            return new Script(behaviour, delay, new byte[0], null);
        }
    }

    /** Runs a job: the uploaded work package in, the exit status and results file out. */
    public interface JobRunner {
        JobResult run(byte[] input, Path sessionDir) throws Exception;
    }

    public record JobResult(int status, byte[] results) {}

    /** What one session saw, in order. */
    public static final class SessionLog {
        public final List<SspMessage> received = new CopyOnWriteArrayList<>();
        public final List<String> events = new CopyOnWriteArrayList<>();
        public volatile byte[] input = new byte[0];
        public volatile byte[] environment = new byte[0];
        public final long startedNanos = System.nanoTime();
        public volatile boolean ended;
        /** What a FLOOD session sent as Download data before the client went. */
        public volatile long floodBytes;

        void event(String e) {
            events.add(e);
        }
    }

    private final String host;
    private final IntFunction<Script> scripts;
    private final JobRunner runner;
    private final Duration keepAliveInterval;
    private final Transport tcp;
    private final ListeningEndpoint endpoint;
    private final List<SessionLog> sessions = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger count = new AtomicInteger();
    private final Path scratch;
    private PoolElementRegistration registration;

    /**
     * @param scripts           the script of the n-th session (0-based)
     * @param keepAliveInterval how often the worker sends its own Keep-Alive while the job runs
     */
    public ScriptedWorker(String host, IntFunction<Script> scripts, JobRunner runner, Duration keepAliveInterval)
            throws IOException {
        this(host, scripts, runner, keepAliveInterval, Transports.forName("tcp"));
    }

    /**
     * As {@link #ScriptedWorker(String, IntFunction, JobRunner, Duration)}, serving SSP over {@code transport} (e.g.
     * TLS with a certificate of the test's choice) and registering over it.
     */
    public ScriptedWorker(String host, IntFunction<Script> scripts, JobRunner runner, Duration keepAliveInterval,
            Transport transport) throws IOException {
        this.tcp = transport;
        this.host = host;
        this.scripts = scripts;
        this.runner = runner;
        this.keepAliveInterval = keepAliveInterval;
        this.scratch = Files.createTempDirectory("scripted-worker-");
        this.endpoint = tcp.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Protocol.SSP, new Listener());
    }

    public static ScriptedWorker always(String host, Behaviour behaviour, JobRunner runner) throws IOException {
        return new ScriptedWorker(host, n -> Script.of(behaviour), runner, Duration.ofMillis(100));
    }

    public int port() {
        return endpoint.port();
    }

    /** The worker as handle resolution would describe it, for sessions without a registrar. */
    public Worker worker(int identifier) {
        return new Worker(identifier, List.of(new InetSocketAddress("127.0.0.1", port())), "tcp");
    }

    public List<SessionLog> sessions() {
        return sessions;
    }

    /** Registers as a pool element of {@code pool} (Least Used with Degradation 1, as a one-session worker). */
    public PoolElementRegistration register(AsapClientConfig asap, PoolHandle pool, int identifier) throws Exception {
        return register(asap, tcp, pool, identifier);
    }

    /** As {@link #register(AsapClientConfig, PoolHandle, int)}, over {@code asapTransport} to the registrar. */
    public PoolElementRegistration register(AsapClientConfig asap, Transport asapTransport, PoolHandle pool,
            int identifier) throws Exception {
        int port = port();
        registration = new PoolElementRegistration(asap, asapTransport, pool, identifier,
                local -> new TcpTransport(port, TransportUse.DATA_PLUS_CONTROL, InetAddress.getLoopbackAddress()),
                PoolMemberSelectionPolicy.leastUsedDegradation(0, PoolMemberSelectionPolicy.MAX_FRACTION),
                Duration.ofSeconds(60));
        registration.register(Duration.ofSeconds(5));
        return registration;
    }

    @Override
    public void close() {
        if (registration != null) registration.close();
        endpoint.close();
        for (Thread t : threads) t.interrupt();
        try (var files = Files.walk(scratch)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static final Object LOST = new Object();

    private final class Listener implements AssociationListener {
        private final java.util.Map<Association, BlockingQueue<Object>> queues = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onEstablished(Association a) {
            BlockingQueue<Object> q = new LinkedBlockingQueue<>();
            queues.put(a, q);
            int n = count.getAndIncrement();
            SessionLog log = new SessionLog();
            sessions.add(log);
            Thread t = new Thread(() -> serve(a, q, scripts.apply(n), log, n), host + "-session-" + n);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        @Override
        public void onMessage(Association a, Protocol protocol, ByteBuffer message) {
            BlockingQueue<Object> q = queues.get(a);
            try {
                q.add(SspCodec.INSTANCE.decode(message));
            } catch (ProtocolException e) {
                q.add(e);
            }
        }

        @Override
        public void onCommLost(Association a, CommLost reason) {
            BlockingQueue<Object> q = queues.remove(a);
            if (q != null) q.add(LOST);
        }
    }

    private void serve(Association a, BlockingQueue<Object> q, Script script, SessionLog log, int n) {
        try {
            switch (script.behaviour()) {
                case NOT_READY -> {
                    send(a, NotReady.fullyLoaded(host));
                    a.close();
                    return;
                }
                case SILENT -> {
                    while (next(q, log, 60_000) != LOST) { /* say nothing */ }
                    return;
                }
                default -> send(a, new Ready(host));
            }
            if (script.behaviour() == Behaviour.GARBAGE) {
                a.send(Protocol.SSP, new byte[] {0x09, 0, 0, 4});
                while (next(q, log, 60_000) != LOST) { /* wait for the client to go */ }
                return;
            }
            if (script.behaviour() == Behaviour.UNEXPECTED_DOWNLOAD) {
                send(a, new Download(new byte[] {1, 2, 3}));
            }
            // UPLOAD state: environment query, input file, environment file (docs/protocol/scripting-service.md §5.2)
            boolean environmentNeeded = false;
            boolean inputDone = false;
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            ByteArrayOutputStream environment = new ByteArrayOutputStream();
            while (true) {
                Object m = next(q, log, 30_000);
                if (m == LOST || m == null) return;
                if (m instanceof Environment e) {
                    boolean cached = Boolean.TRUE.equals(script.environmentCached());
                    environmentNeeded = !cached;
                    send(a, new Environment(e.hash(), !cached));
                } else if (m instanceof Upload u) {
                    if (!u.isEndOfFile()) {
                        (inputDone ? environment : input).write(u.data());
                        continue;
                    }
                    if (!inputDone) {
                        inputDone = true;
                        log.input = input.toByteArray();
                        if (environmentNeeded) continue;
                    } else {
                        log.environment = environment.toByteArray();
                    }
                    break;
                } else if (m instanceof KeepAlive) {
                    log.event("keep-alive during upload");
                } else {
                    log.event("unexpected " + m + " during upload");
                    a.abort();
                    return;
                }
            }
            if (script.behaviour() == Behaviour.REFUSE_UPLOAD) {
                send(a, new Status(1));
                while (next(q, log, 10_000) != LOST) { /* wait */ }
                return;
            }
            send(a, new Status(0));
            log.event("processing");
            work(a, q, script, log, n);
        } catch (IOException | InterruptedException e) {
            log.event("ended: " + e);
        } finally {
            log.ended = true;
        }
    }

    /** WORKING: run the job while answering and sending keep-alives, then Status and the download. */
    private void work(Association a, BlockingQueue<Object> q, Script script, SessionLog log, int n)
            throws IOException, InterruptedException {
        if (script.behaviour() == Behaviour.FLOOD) {
            flood(a, q, log);
            return;
        }
        boolean ignoreKeepAlives = script.behaviour() == Behaviour.IGNORE_KEEP_ALIVES
                || script.behaviour() == Behaviour.LATE_RESULT;
        java.util.concurrent.CompletableFuture<JobResult> job = new java.util.concurrent.CompletableFuture<>();
        Path dir = scratch.resolve("session-" + n);
        Thread jobThread = new Thread(() -> {
            try {
                Files.createDirectories(dir);
                job.complete(runner.run(log.input, dir));
            } catch (Throwable e) {
                job.completeExceptionally(e);
            }
        }, host + "-job-" + n);
        jobThread.setDaemon(true);
        jobThread.start();
        long start = System.nanoTime();
        long nextKeepAlive = start;
        while (true) {
            long now = System.nanoTime();
            long elapsed = (now - start) / 1_000_000;
            if (script.behaviour() == Behaviour.ABORT_MID_RENDER && elapsed >= script.delay().toMillis()) {
                log.event("abort");
                jobThread.interrupt();
                a.abort();
                return;
            }
            if (script.behaviour() == Behaviour.LATE_RESULT && elapsed >= script.delay().toMillis()) {
                log.event("late result");
                try {
                    send(a, new Status(0));
                    download(a, script.lateResults());
                } catch (IOException e) {
                    log.event("late result not delivered: " + e.getMessage());
                }
                return;
            }
            if (job.isDone() && !ignoreKeepAlives) break;
            if (!ignoreKeepAlives && now >= nextKeepAlive) {
                send(a, new KeepAlive());
                nextKeepAlive = now + keepAliveInterval.toNanos();
            }
            Object m = next(q, log, 20);
            if (m == LOST) {
                log.event("lost while working");
                jobThread.interrupt();
                return;
            }
            if (m instanceof KeepAlive && !ignoreKeepAlives) send(a, KeepAliveAck.ofPoolElement());
        }
        JobResult result;
        try {
            result = job.join();
        } catch (RuntimeException e) {
            log.event("job failed: " + e);
            a.abort();
            return;
        }
        send(a, new Status(result.status()));
        download(a, result.results());
        log.event("done");
        a.close();
    }

    private static void flood(Association a, BlockingQueue<Object> q, SessionLog log) throws InterruptedException {
        byte[] chunk = new byte[SspCodec.MAX_CHUNK];
        new java.util.Random(7).nextBytes(chunk);
        try {
            send(a, new Status(0)); // the job's end; the Status 0 that accepted the upload went before
            while (true) {
                Object m = next(q, log, 0);
                if (m == LOST) break;
                if (m instanceof KeepAlive) send(a, KeepAliveAck.ofPoolElement());
                send(a, new Download(chunk));
                log.floodBytes += chunk.length;
            }
        } catch (IOException e) {
            log.event("flood ended: " + e.getMessage());
        }
        log.event("flood of " + log.floodBytes + " bytes ended");
    }

    private static void download(Association a, byte[] results) throws IOException {
        for (int offset = 0; offset < results.length; offset += SspCodec.MAX_CHUNK) {
            send(a, new Download(Arrays.copyOfRange(results, offset, Math.min(results.length, offset + SspCodec.MAX_CHUNK))));
        }
        send(a, Download.endOfFile());
    }

    private static Object next(BlockingQueue<Object> q, SessionLog log, long millis) throws InterruptedException {
        Object m = q.poll(millis, TimeUnit.MILLISECONDS);
        if (m instanceof SspMessage s) log.received.add(s);
        return m;
    }

    private static void send(Association a, SspMessage m) throws IOException {
        a.send(Protocol.SSP, SspCodec.INSTANCE.encode(m));
    }
}
