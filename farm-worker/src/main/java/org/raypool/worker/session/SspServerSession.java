package org.raypool.worker.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.EnvironmentHash;
import org.raypool.worker.job.JobLabel;
import org.raypool.worker.job.JobResult;
import org.raypool.worker.job.JobSpec;
import org.raypool.worker.job.RunningJob;
import org.raypool.worker.job.SessionDirectory;
import org.raypool.worker.job.WorkPackageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Scripting Service session on one association: the pool element's state machine of spec §5.2.
 *
 * <pre>
 * UPLOAD   Ready sent. Environment(hash) → cache lookup → Environment(hash, U). Uploads go to input.data, then,
 *          if the environment was not cached, to environment.data. Every Upload restarts the TransmitTimeout.
 *          End of the last file → Status(0) → WORKING.
 * WORKING  Unpack and start ssrun (off this thread); every tick: job over? → final Status → DOWNLOAD; Keep-Alive
 *          both ways, Keep-Alive Ack(0) from us, unanswered Keep-Alive → abort.
 * DOWNLOAD output.data as Downloads of 16384 bytes + an empty one, clean up, graceful close.
 * </pre>
 *
 * Anything unexpected aborts; the session directory is always cleaned up before the association is closed or
 * aborted. [PROJECT] leniencies: a Keep-Alive during UPLOAD is ignored; a job killed by a signal reports a
 * non-zero Status.
 *
 * <p>Refused work packages: the upload itself is accepted whenever it arrives complete and in order (Status 0, as
 * RSPLIB, whose PU cannot take a non-zero Status at that point, spec §6.2). The checks that can refuse a package —
 * the upload size limit and the unpack limits — run as the first step of processing, as RSPLIB's scriptingcontrol
 * unpacks inside {@code run}. A refusal is reported like a failed job: final Status {@link #REFUSED_STATUS} and an
 * output.data holding an {@code output.txt} that says why. So the pool user's retry counter counts it (a transport
 * abort would make it retry forever on every worker), and the user reads the reason in the usual place.
 *
 * <p>Threading: every event — messages, timers, job completion, association loss — runs on the session's own
 * thread, so the state needs no locks. The association's reader thread waits until an Upload is written, which
 * passes the disk's speed back to the sender.
 */
public final class SspServerSession {
    private static final Logger log = LoggerFactory.getLogger(SspServerSession.class);

    /** Final Status of a refused work package: what scriptingcontrol exits with when unpacking fails (spec §4). */
    public static final int REFUSED_STATUS = 1;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String id;
    private final Association association;
    private final SessionDirectory directory;
    private final SessionConfig config;
    private final JobServices services;
    private final Consumer<SspServerSession> onEnd;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    // Owned by the session thread.
    // Volatile for status reports, which read them from other threads.
    private volatile SessionState state = SessionState.UPLOAD;
    private volatile String job;
    private volatile String outcome = "";
    private final long startedNanos = System.nanoTime();
    private ScheduledFuture<?> transmitTimer;
    private ScheduledFuture<?> tick;
    private UploadSink input;
    private UploadSink environmentUpload;
    private EnvironmentHash announcedEnvironment;
    private boolean environmentNeeded;
    private boolean environmentCached;
    private CompletableFuture<Preparation> preparation;
    private boolean jobWatched;
    private KeepAliveTimer keepAlive;

    SspServerSession(String id, Association association, SessionDirectory directory, SessionConfig config,
            JobServices services, Consumer<SspServerSession> onEnd) {
        this.id = id;
        this.association = association;
        this.directory = directory;
        this.config = config;
        this.services = services;
        this.onEnd = onEnd;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    public String id() {
        return id;
    }

    public Association association() {
        return association;
    }

    public SessionDirectory directory() {
        return directory;
    }

    /** Where the session is now: upload, working, download or closed. */
    public String stateName() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What it renders ({@link JobLabel}), empty before its work package is unpacked. */
    public Optional<String> job() {
        return Optional.ofNullable(job);
    }

    /** How it ended, "" while it runs. */
    public String outcome() {
        return outcome;
    }

    public long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Completes once the session is cleaned up and its association closed or aborted. */
    public CompletableFuture<Void> ended() {
        return ended.thenApply(v -> v);
    }

    // ---- events, from any thread

    /** Sends Ready and starts waiting for the upload. */
    void start() {
        post(this::begin);
    }

    /** One received SSP message, from the association's reader thread. */
    void onMessage(ByteBuffer bytes) {
        SspMessage message;
        try {
            message = SspCodec.INSTANCE.decode(bytes);
        } catch (ProtocolException e) {
            post(() -> abort("undecodable message: " + e.getMessage()));
            return;
        }
        Future<?> handled;
        try {
            handled = loop.submit(guarded(() -> handle(message)));
        } catch (RejectedExecutionException e) {
            return;
        }
        if (message instanceof Upload) {
            awaitQuietly(handled);
        }
    }

    /** The association is gone (peer closed or aborted, or our own close completed). */
    void onCommLost(CommLost reason) {
        post(() -> lost(reason));
    }

    /** Ends the session from outside (worker stopping): kill the job, clean up, abort the association. */
    void abortFromOutside(String reason) {
        post(() -> abort(reason));
    }

    // ---- the state machine, on the session thread

    private void begin() {
        try {
            input = new UploadSink(directory.input(), config.packageLimits().maxUploadBytes(), false);
        } catch (IOException e) {
            abort("cannot create " + directory.input() + ": " + e.getMessage());
            return;
        }
        if (send(new Ready(config.hostInfo()))) {
            log.info("session {}: Ready sent to {} ({}), directory {}", id, association.remoteAddresses(),
                    association.id(), directory);
            armTransmitTimer();
        }
    }

    private void handle(SspMessage message) {
        switch (state) {
            case UPLOAD -> {
                if (message instanceof Upload upload) {
                    onUpload(upload);
                } else if (message instanceof Environment environment) {
                    onEnvironment(environment);
                } else if (message instanceof KeepAlive) {
                    log.debug("session {}: Keep-Alive during the upload ignored", id);
                } else {
                    unexpected(message);
                }
            }
            case WORKING -> {
                if (message instanceof KeepAlive) {
                    send(KeepAliveAck.ofPoolElement());
                } else if (message instanceof KeepAliveAck) {
                    keepAlive.onAck();
                } else {
                    unexpected(message);
                }
            }
            case DOWNLOAD -> unexpected(message);
            case CLOSED -> {
                // the peer's late messages after our close or abort
            }
        }
    }

    private void unexpected(SspMessage message) {
        abort("unexpected message " + message.type() + " in state " + state);
    }

    private void onEnvironment(Environment query) {
        if (announcedEnvironment != null || input.isClosed()) {
            unexpected(query);
            return;
        }
        armTransmitTimer();
        announcedEnvironment = EnvironmentHash.of(query.hash());
        boolean hit;
        try {
            hit = services.cache().lookup(id, announcedEnvironment, directory.environment());
        } catch (IOException | IllegalStateException e) {
            log.warn("session {}: environment cache lookup failed, treating it as a miss: {}", id, e.getMessage());
            hit = false;
        }
        environmentCached = hit;
        environmentNeeded = !hit;
        if (send(new Environment(query.hash(), !hit))) {
            log.info("session {}: environment {} {}", id, announcedEnvironment,
                    hit ? "cached, upload not needed (U=0)" : "not cached, upload needed (U=1)");
        }
    }

    private void onUpload(Upload upload) {
        armTransmitTimer();
        UploadSink sink = environmentUpload != null ? environmentUpload : input;
        try {
            if (!upload.isEndOfFile()) {
                boolean wasOver = sink.overLimit();
                sink.append(upload.data());
                if (sink.overLimit() && !wasOver) {
                    log.warn("session {}: {} passed the upload limit of {} bytes; receiving the rest without "
                            + "storing it, the package will be refused", id, sink.file().getFileName(), sink.limit());
                }
                return;
            }
            sink.close();
        } catch (IOException e) {
            abort("cannot write " + sink.file() + ": " + e.getMessage());
            return;
        }
        log.info("session {}: received {} ({} bytes)", id, sink.file().getFileName(), sink.bytes());
        if (sink == input && environmentNeeded) {
            try {
                environmentUpload = new UploadSink(directory.environment(), config.packageLimits().maxUploadBytes(),
                        true);
            } catch (IOException e) {
                abort("cannot create " + directory.environment() + ": " + e.getMessage());
            }
            return;
        }
        startProcessing();
    }

    private void startProcessing() {
        cancel(transmitTimer);
        if (!send(new Status(0))) {
            return;
        }
        state = SessionState.WORKING;
        keepAlive = new KeepAliveTimer(config.timers().keepAliveInterval(), config.timers().keepAliveTimeout());
        long tickNanos = config.timers().processingTick().toNanos();
        tick = loop.scheduleAtFixedRate(guarded(this::onTick), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        PreparationInput what = new PreparationInput(input.bytes(), input.overLimit(),
                environmentUpload == null ? null : environmentUpload.hash(), announcedEnvironment,
                environmentUpload != null && environmentUpload.overLimit(),
                environmentCached || environmentUpload != null);
        log.info("session {}: upload accepted, Status(0) sent; processing starts", id);
        preparation = CompletableFuture.supplyAsync(() -> prepare(what), services.preparation())
                .exceptionally(failure -> new Preparation.Failed(failure.toString()));
        preparation.whenComplete((p, failure) -> post(this::checkProgress));
    }

    private void onTick() {
        checkProgress();
        if (state != SessionState.WORKING) {
            return;
        }
        switch (keepAlive.onTick(System.nanoTime())) {
            case SEND -> send(new KeepAlive());
            case TIMEOUT -> abort("keep-alive timeout: no Keep-Alive Ack within "
                    + config.timers().keepAliveTimeout().toMillis() + " ms");
            case NONE -> {
            }
        }
    }

    /** Looks whether the preparation or the job has ended; on the tick, and at once when either completes. */
    private void checkProgress() {
        if (state != SessionState.WORKING || !preparation.isDone()) {
            return;
        }
        Preparation p = preparation.join();
        if (p instanceof Preparation.Failed failed) {
            abort("cannot run the job: " + failed.why());
        } else if (p instanceof Preparation.Refused refused) {
            log.warn("session {}: work package refused: {}", id, refused.reason());
            finish(REFUSED_STATUS, true, "refusal report");
        } else if (p instanceof Preparation.Started started) {
            RunningJob job = started.job();
            if (!jobWatched) {
                jobWatched = true;
                job.completion().whenComplete((r, failure) -> post(this::checkProgress));
            }
            Optional<JobResult> result = job.poll();
            if (result.isPresent()) {
                finish(result.get().status(), result.get().hasOutput(), result.get().summary());
            }
        }
    }

    private void finish(int status, boolean hasOutput, String what) {
        outcome = "Status(" + Integer.toUnsignedString(status) + "): " + what;
        state = SessionState.DOWNLOAD;
        cancel(tick);
        if (!send(new Status(status))) {
            return;
        }
        log.info("session {}: final Status({}) sent ({})", id, Integer.toUnsignedString(status), what);
        if (!hasOutput || !Files.isRegularFile(directory.output(), LinkOption.NOFOLLOW_LINKS)) {
            abort("no output.data to download");
            return;
        }
        long sent = 0;
        try (InputStream in = Files.newInputStream(directory.output(), LinkOption.NOFOLLOW_LINKS)) {
            byte[] chunk = new byte[SspCodec.MAX_CHUNK];
            for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                if (!send(new Download(n == chunk.length ? chunk : Arrays.copyOf(chunk, n)))) {
                    return;
                }
                sent += n;
            }
        } catch (IOException e) {
            abort("cannot read output.data: " + e.getMessage());
            return;
        }
        if (!send(Download.endOfFile())) {
            return;
        }
        log.info("session {}: output.data downloaded ({} bytes); closing", id, sent);
        state = SessionState.CLOSED;
        cleanUp();
        association.close();
        end();
    }

    private void abort(String reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        log.warn("session {}: aborting in state {}: {}", id, state, reason);
        outcome = (outcome.isEmpty() ? "" : outcome + "; then ") + "aborted: " + reason;
        state = SessionState.CLOSED;
        stopEverything();
        association.abort();
        end();
    }

    private void lost(CommLost reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        log.warn("session {}: association lost in state {}: {}", id, state, reason);
        outcome = (outcome.isEmpty() ? "" : outcome + "; then ") + "association lost: " + reason;
        state = SessionState.CLOSED;
        stopEverything();
        end();
    }

    /** Timers, half-written uploads, the job: all stopped, then the directory removed. */
    private void stopEverything() {
        cancel(transmitTimer);
        cancel(tick);
        closeQuietly(input);
        closeQuietly(environmentUpload);
        stopJob();
        cleanUp();
    }

    private void stopJob() {
        if (preparation == null) {
            return;
        }
        Preparation p;
        try {
            p = preparation.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("session {}: preparation did not end within {} s; its job may run on", id, STOP_WAIT.toSeconds());
            return;
        }
        if (p instanceof Preparation.Started started && !started.job().isDone()) {
            started.job().kill();
            try {
                if (started.job().await(STOP_WAIT).isEmpty()) {
                    log.warn("session {}: ssrun did not end within {} s of being killed", id, STOP_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void cleanUp() {
        if (config.keepTemp()) {
            log.info("session {}: keeping {}", id, directory);
            return;
        }
        try {
            directory.delete();
        } catch (IOException e) {
            log.warn("session {}: cannot remove {}: {}", id, directory, e.toString());
        }
    }

    private void end() {
        loop.shutdown();
        if (!ended.isDone()) {
            ended.complete(null);
            onEnd.accept(this);
        }
    }

    // ---- preparation, on the preparation pool

    /** What the preparation needs, copied off the session thread. */
    private record PreparationInput(long inputBytes, boolean inputOverLimit, EnvironmentHash uploadedEnvironment,
            EnvironmentHash announcedEnvironment, boolean environmentOverLimit, boolean withEnvironment) {
    }

    private sealed interface Preparation {
        record Started(RunningJob job) implements Preparation {
        }

        record Refused(String reason) implements Preparation {
        }

        record Failed(String why) implements Preparation {
        }
    }

    /** check-environment (always passes: no keyring), cache store, the size checks, unpack, start ssrun. */
    private Preparation prepare(PreparationInput in) {
        long limit = config.packageLimits().maxUploadBytes();
        if (in.uploadedEnvironment() != null && !in.environmentOverLimit()) {
            if (!in.uploadedEnvironment().equals(in.announcedEnvironment())) {
                log.warn("session {}: the environment uploaded hashes to {}, not to the announced {}; cached under "
                        + "its own hash", id, in.uploadedEnvironment(), in.announcedEnvironment());
            }
            try {
                services.cache().store(id, in.uploadedEnvironment(), directory.environment());
            } catch (IOException | IllegalStateException e) {
                log.warn("session {}: cannot cache the environment: {}", id, e.getMessage());
            }
        }
        try {
            if (in.inputOverLimit()) {
                return refuse("the work package has " + in.inputBytes() + " bytes, more than this worker's upload "
                        + "limit of " + limit + " bytes");
            }
            if (in.environmentOverLimit()) {
                return refuse("the environment file is larger than this worker's upload limit of " + limit
                        + " bytes");
            }
            try {
                services.unpacker().unpack(id, directory.path());
            } catch (WorkPackageException e) {
                return refuse(e.getMessage());
            }
            job = JobLabel.read(directory.path()).orElse("a work package");
            return new Preparation.Started(services.runner().start(
                    JobSpec.of(id, directory.path()).withEnvironment(in.withEnvironment())));
        } catch (IOException | RuntimeException e) {
            return new Preparation.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Preparation refuse(String reason) throws IOException {
        outcome = "refused: " + reason;
        RefusalReport.write(directory.output(), RefusalReport.text(config.hostInfo(), id, reason));
        return new Preparation.Refused(reason);
    }

    // ---- helpers

    private boolean send(SspMessage message) {
        try {
            association.send(Protocol.SSP, SspCodec.INSTANCE.encode(message));
            return true;
        } catch (IOException e) {
            abort("sending " + message.type() + " failed: " + e.getMessage());
            return false;
        }
    }

    private void armTransmitTimer() {
        cancel(transmitTimer);
        long millis = config.timers().transmitTimeout().toMillis();
        transmitTimer = loop.schedule(guarded(() -> {
            if (state == SessionState.UPLOAD) {
                abort("reception timeout: nothing received for " + millis + " ms");
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    private void post(Runnable event) {
        try {
            loop.execute(guarded(event));
        } catch (RejectedExecutionException e) {
            // the session has ended; nothing is left to do
        }
    }

    /** A bug in an event must still end the session cleanly, and must not silently stop the periodic tick. */
    private Runnable guarded(Runnable event) {
        return () -> {
            try {
                event.run();
            } catch (RuntimeException e) {
                log.error("session {}: internal error in state {}", id, state, e);
                abort("internal error: " + e);
            }
        };
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void closeQuietly(UploadSink sink) {
        if (sink == null) {
            return;
        }
        try {
            sink.close();
        } catch (IOException e) {
            log.debug("session {}: closing {}: {}", id, sink.file(), e.toString());
        }
    }

    private void awaitQuietly(Future<?> handled) {
        try {
            handled.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("session {}: handling a message failed", id, e.getCause());
        }
    }

    @Override
    public String toString() {
        return "session " + id + " on " + association.id();
    }
}
