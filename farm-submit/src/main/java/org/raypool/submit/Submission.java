package org.raypool.submit;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.UnknownPoolException;
import org.raypool.submit.dispatch.Dispatcher;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.dispatch.JobState;
import org.raypool.submit.dispatch.RenderAttempt;
import org.raypool.submit.dispatch.RetryPolicy;
import org.raypool.submit.output.ContactSheet;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.output.OutputCollector;
import org.raypool.submit.pack.PackageBuilder;
import org.raypool.submit.pack.PackageException;
import org.raypool.submit.pack.WorkPackage;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.plan.BandPlanner;
import org.raypool.submit.plan.CostEstimate;
import org.raypool.submit.plan.CostHistory;
import org.raypool.submit.plan.RenderStatistics;
import org.raypool.submit.progress.ProgressView;
import org.raypool.submit.session.AsapWorkerDirectory;
import org.raypool.submit.status.BatchSnapshot;
import org.raypool.submit.session.WorkerDirectory;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.param.PoolHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of farm-submit: skips outputs that are there and were made from the same inputs (as the output folder's
 * manifest says; unless forced), finds the pool, sizes the number of parallel sessions, runs the {@link Dispatcher}
 * with a progress display, writes the contact sheet and prints the summary. Ctrl-C (a shutdown hook calling
 * {@link #interrupt()}) aborts the sessions, keeps every image already written, removes temporary files and still
 * prints the summary.
 */
final class Submission {
    private static final Logger LOG = LoggerFactory.getLogger(Submission.class);
    static final Duration RESOLUTION_TIMEOUT = Duration.ofSeconds(30);
    /** Exit code when --wait ran out with no worker in the pool. */
    static final int EXIT_NO_WORKER = 3;

    private final SubmitConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicReference<Dispatcher> dispatcher = new AtomicReference<>();
    private volatile boolean waitExpired;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile List<JobRecord> batch = List.of();
    private volatile WorkerDirectory workers;

    Submission(SubmitConfig config, PrintStream out, PrintStream err, boolean terminal) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the batch; returns the exit code (0 only if every scene's image is there). */
    int run() {
        try {
            return runBatch();
        } finally {
            finished.countDown();
        }
    }

    /** Ctrl-C: stops the batch and waits (a while) for {@link #run()} to print its summary. */
    void interrupt() {
        interrupted.set(true);
        Dispatcher d = dispatcher.get();
        if (d != null) d.cancel();
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int runBatch() {
        long started = System.nanoTime();
        OutputCollector output = new OutputCollector(config.output());
        try {
            output.prepare();
        } catch (IOException e) {
            err.println("farm-submit: " + e.getMessage());
            return 2;
        }
        PackageBuilder builder = new PackageBuilder(config.packaging().withExcludedFolders(List.of(output.folder())));
        if (!config.quiet()) printWarnings(builder);
        List<JobRecord> jobs = new ArrayList<>();
        Map<String, String> inputsHashes = new HashMap<>();
        Map<String, Manifest.Entry> recorded = manifest(output);
        int unrecorded = 0;
        Set<RenderJob> framesDone = splitFrames(output, builder, recorded);
        for (RenderJob job : config.jobs()) {
            JobRecord record = new JobRecord(jobs.size(), job);
            if (framesDone.contains(job.wholeFrame())) {
                record.skip("rendered from the same inputs");
                jobs.add(record);
                continue;
            }
            try {
                String hash = builder.inputsHash(job);
                inputsHashes.put(job.outputFileName(), hash);
                if (!config.force()) {
                    OutputCollector.Freshness freshness = output.freshness(job, hash, recorded);
                    if (freshness == OutputCollector.Freshness.UP_TO_DATE) record.skip("rendered from the same inputs");
                    if (freshness == OutputCollector.Freshness.NO_RECORD) unrecorded++;
                }
            } catch (PackageException e) {
                // Not skipped: packaging fails the job with this message when it is attempted.
            }
            jobs.add(record);
        }
        if (unrecorded > 0 && !config.quiet()) {
            err.println("farm-submit: " + unrecorded + (unrecorded == 1 ? " image has" : " images have")
                    + " no record in " + output.manifest().file() + " and " + (unrecorded == 1 ? "is" : "are")
                    + " rendered again");
        }
        batch = List.copyOf(jobs);
        LOG.info("{} jobs checked against the manifest in {} ms", jobs.size(), (System.nanoTime() - started) / 1_000_000);
        List<JobRecord> toRender = jobs.stream().filter(j -> j.state() == JobState.QUEUED).toList();
        Optional<String> error = Optional.empty();
        boolean stopped = false;
        try {
            if (!toRender.isEmpty()) {
                Dispatcher.Outcome outcome = render(jobs, output, builder, inputsHashes, recorded);
                error = outcome.fatal();
                stopped = outcome.cancelled() || interrupted.get();
            }
        } catch (StartException e) {
            output.cleanUp();
            err.println("farm-submit: " + e.getMessage());
            if (config.json()) new Summary(jobs, output.folder(), Optional.of(e.getMessage()), false, 1).printJson(out);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            output.cleanUp();
        }
        if (interrupted.get()) stopped = true;
        if (!checkStitched(output, jobs)) error = error.or(() -> Optional.of("frames not stitched (see above)"));
        writeContactSheet(output, jobs);
        boolean allThere = error.isEmpty() && !stopped && jobs.stream().allMatch(j -> j.state().isSuccess());
        int exitCode = allThere ? 0 : waitExpired ? EXIT_NO_WORKER : 1;
        error.ifPresent(e -> err.println("farm-submit: " + e));
        Summary summary = new Summary(jobs, output.folder(), error, stopped, exitCode);
        if (config.json()) {
            summary.printJson(out);
        } else if (!config.quiet()) {
            summary.printTable(out);
        } else if (!allThere) {
            for (JobRecord j : jobs) {
                if (j.state() == JobState.FAILED) err.println("farm-submit: " + j.name() + " failed: " + j.failure());
            }
            err.println(summary.headline());
        }
        return exitCode;
    }

    /** docs/security.md: farm-submit asks registrars only, and sends jobs only to workers. */
    private TlsPolicy registrarTls() {
        return config.credentials().map(c -> TlsPolicy.connectingTo(c, Role.REGISTRAR)).orElse(null);
    }

    private TlsPolicy workerTls() {
        return config.credentials().map(c -> TlsPolicy.connectingTo(c, Role.WORKER)).orElse(null);
    }

    /**
     * Finds the pool and runs the batch; with {@code --bands auto} first turns the queued whole frames of {@code jobs}
     * into the planned jobs ({@link #planBands}), in place.
     */
    private Dispatcher.Outcome render(List<JobRecord> jobs, OutputCollector output, PackageBuilder builder,
            Map<String, String> inputsHashes, Map<String, Manifest.Entry> recorded)
            throws StartException, InterruptedException {
        Transport transport;
        try {
            transport = Transports.forName(config.transport(), TransportOptions.DEFAULTS, null, registrarTls());
        } catch (RuntimeException e) {
            throw new StartException(e.getMessage());
        }
        PoolHandle pool = PoolHandle.fromString(config.pool());
        WorkerDirectory directory;
        try {
            directory = new AsapWorkerDirectory(config.asap(), transport, pool, RESOLUTION_TIMEOUT);
        } catch (IOException e) {
            throw new StartException("cannot start the ASAP client: " + e.getMessage());
        }
        workers = directory;
        try {
            checkRegistrar(directory);
            if (config.bands().auto()) {
                List<JobRecord> planned = planBands(directory, jobs, output, builder, inputsHashes, recorded);
                jobs.clear();
                jobs.addAll(planned);
                batch = List.copyOf(jobs);
            }
            RenderAttempt.Context context = new RenderAttempt.Context(builder, config.timers(), output, config.pool(),
                    Map.copyOf(inputsHashes), false, config.maxResultHeaderBytes(), workerTls());
            try (ProgressView view = ProgressView.forStream(err, terminal, config.quiet())) {
                Dispatcher d = dispatcher(jobs, context, config.retry(), directory,
                        (job, log) -> output.storeLog(job.job(), log), view);
                view.start(jobs);
                Dispatcher.Outcome outcome = d.run();
                waitExpired = d.waitExpired();
                return outcome;
            }
        } finally {
            // Closed also when the process exits next: HotSpot's exit waits up to 300 ms for threads blocked in
            // native code, such as the registrar association's reader (measured: 0.33 s after the last image).
            directory.close();
        }
    }

    private Dispatcher dispatcher(List<JobRecord> jobs, RenderAttempt.Context context, RetryPolicy retry,
            WorkerDirectory directory, Dispatcher.FailureLogs logs, ProgressView view) {
        Duration stall = config.timers().answerTimeout().plus(config.timers().transmitTimeout()).plus(Duration.ofSeconds(10));
        Dispatcher d = new Dispatcher(jobs, config.parallel().orElse(Integer.MAX_VALUE), retry, context.factory(),
                directory, logs, view, stall).registrarReached().emptyPoolWait(emptyPoolWait())
                .prepareAhead(context.prepare());
        dispatcher.set(d);
        if (interrupted.get()) d.cancel();
        return d;
    }

    /**
     * {@code --bands auto} (docs/bands-auto.md): the queued whole frames of {@code jobs} estimated (history, then
     * previews on the farm) and planned by {@link AutoBands}; returns the batch's new records, the skipped ones
     * first, then the planned jobs longest first. Frames split are announced to {@code output} as
     * {@link #splitFrames} does, and the bands' inputs hashes added to {@code inputsHashes}.
     */
    private List<JobRecord> planBands(WorkerDirectory directory, List<JobRecord> jobs, OutputCollector output,
            PackageBuilder builder, Map<String, String> inputsHashes, Map<String, Manifest.Entry> recorded)
            throws InterruptedException {
        List<RenderJob> frames = jobs.stream().filter(j -> j.state() == JobState.QUEUED).map(JobRecord::job).toList();
        CostHistory history = CostHistory.of(recorded.values());
        Map<RenderJob, Optional<CostEstimate>> known = new HashMap<>();
        Function<RenderJob, Optional<CostEstimate>> fromHistory = j -> known.computeIfAbsent(j, k -> history.estimate(k,
                inputsHashes.getOrDefault(k.outputFileName(), ""), Manifest.options(k)));
        int slots = AutoBands.freeSlots(members(directory), config.parallel());
        List<RenderJob> toPreview = AutoBands.toPreview(frames, fromHistory, slots);
        Map<RenderJob, RenderStatistics> previews;
        try {
            previews = AutoBands.preview(toPreview, (records, previewOutput) -> {
                RenderAttempt.Context context = new RenderAttempt.Context(builder, config.timers(), previewOutput,
                        config.pool(), Map.of(), true, config.maxResultHeaderBytes(), workerTls());
                // no retry after a failed preview: its frame stays whole, and its real render reports any real error
                dispatcher(records, context, RetryPolicy.of(0, config.retry().retryDelay()), directory,
                        (job, log) -> null, ProgressView.forStream(err, false, true)).run();
            });
        } catch (IOException e) {
            LOG.warn("--bands auto: no previews ({}); frames without history stay whole", e.toString());
            previews = Map.of();
        }
        AutoBands.Decision decision = AutoBands.decide(frames, fromHistory, toPreview, previews, config.wholeOnly(),
                slots, AutoBands.OVERHEAD_SECONDS);
        AutoBands.log(decision);
        if (!config.quiet()) err.println("farm-submit: " + decision.summary());
        List<JobRecord> out = new ArrayList<>();
        for (JobRecord j : jobs) {
            if (j.state() == JobState.QUEUED) continue;
            JobRecord skipped = new JobRecord(out.size(), j.job());
            skipped.skip(j.detail());
            out.add(skipped);
        }
        for (BandPlanner.Planned p : decision.plan().jobs()) out.add(new JobRecord(out.size(), p.job()));
        for (Map.Entry<RenderJob, List<RenderJob>> f : AutoBands.bandGroups(decision).entrySet()) {
            for (RenderJob band : f.getValue()) {
                try {
                    inputsHashes.put(band.outputFileName(), builder.inputsHash(band));
                } catch (PackageException e) {
                    // packaging fails the band with this message when it is attempted
                }
            }
            output.expectBands(f.getKey(), f.getValue(), inputsHashes.getOrDefault(f.getKey().outputFileName(), ""));
        }
        return out;
    }

    /** The pool's members now; none if the pool cannot be resolved (then nothing is previewed). */
    private static List<WorkerDirectory.PoolMember> members(WorkerDirectory directory) throws InterruptedException {
        try {
            return directory.members();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The frames of this batch cut into bands (docs/bands.md): those whose stitched image is there from the same
     * inputs are returned (their bands are skipped unless forced); the others are announced to {@code output}, and
     * stitched at once if an interrupted run left all their bands.
     */
    private Set<RenderJob> splitFrames(OutputCollector output, PackageBuilder builder, Map<String, Manifest.Entry> recorded) {
        Map<RenderJob, List<RenderJob>> frames = RenderJob.bandsByFrame(config.jobs());
        Set<RenderJob> done = new HashSet<>();
        for (Map.Entry<RenderJob, List<RenderJob>> f : frames.entrySet()) {
            String hash;
            try {
                hash = builder.inputsHash(f.getKey());
            } catch (PackageException e) {
                hash = "";
            }
            if (!config.force() && output.freshness(f.getKey(), hash, recorded) == OutputCollector.Freshness.UP_TO_DATE) {
                done.add(f.getKey());
                continue;
            }
            output.expectBands(f.getKey(), f.getValue(), hash);
        }
        return done;
    }

    /** After the run: every frame whose bands all came back is stitched; says which is not, and why. */
    private boolean checkStitched(OutputCollector output, List<JobRecord> jobs) {
        boolean ok = true;
        Map<RenderJob, List<JobRecord>> frames = new java.util.LinkedHashMap<>();
        for (JobRecord j : jobs) {
            if (!j.job().isWholeFrame()) frames.computeIfAbsent(j.job().wholeFrame(), f -> new ArrayList<>()).add(j);
        }
        for (Map.Entry<RenderJob, List<JobRecord>> f : frames.entrySet()) {
            if (!f.getValue().stream().allMatch(j -> j.state().isSuccess())) continue;
            try {
                if (!output.stitchIfComplete(f.getKey())) {
                    err.println("farm-submit: " + f.getKey().outputFileName() + " not stitched: a band file is missing "
                            + "in " + output.folder().resolve(OutputCollector.BANDS) + "; run again to render it");
                    ok = false;
                }
            } catch (IOException e) {
                err.println("farm-submit: " + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    /** The batch now, for status reports; any thread. */
    BatchSnapshot snapshot() {
        List<JobRecord> jobs = batch;
        List<BatchSnapshot.Session> sessions = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (JobRecord j : jobs) {
            JobState state = j.state();
            if (state.isSuccess()) done++;
            if (state == JobState.FAILED) failed++;
            boolean inSession = switch (state) {
                case CONNECTING, UPLOADING, RENDERING, DOWNLOADING -> true;
                default -> false;
            };
            if (inSession && j.peIdentifier() != 0) {
                sessions.add(new BatchSnapshot.Session(j.peIdentifier(), j.sessionAgeMicros()));
            }
        }
        WorkerDirectory directory = workers;
        return new BatchSnapshot(done, failed, jobs.isEmpty() ? config.jobs().size() : jobs.size(), sessions,
                directory == null ? Optional.empty() : directory.registrar());
    }

    /**
     * One handle resolution before the batch: no registrar at all is a start error (as before the batch existed);
     * an empty pool is not, the dispatcher waits for workers ({@link #emptyPoolWait()}).
     */
    private void checkRegistrar(WorkerDirectory directory) throws StartException, InterruptedException {
        try {
            List<WorkerDirectory.PoolMember> members = directory.members();
            LOG.info("pool '{}' has {} workers taking {} sessions at once", config.pool(), members.size(),
                    members.stream().mapToInt(WorkerDirectory.PoolMember::sessions).sum());
        } catch (NoRegistrarException e) {
            String detail = e.getMessage().replaceFirst("^no registrar reachable: ", "");
            throw new StartException("no registrar reachable (tried " + config.registrarsDescription() + "): " + detail
                    + ". Start one (bin/farm-registrar) or give its address with --registrar HOST:PORT.");
        } catch (UnknownPoolException e) {
            LOG.info("pool '{}' has no worker yet", config.pool());
        } catch (IOException e) {
            throw new StartException("handle resolution failed: " + e.getMessage());
        }
    }

    /** What farm-submit says while the pool has no worker, and when --wait runs out. */
    private Dispatcher.EmptyPoolWait emptyPoolWait() {
        String what = "pool '" + config.pool() + "' at registrar " + config.registrarsDescription();
        String bound = config.waitForWorkers().map(d -> "up to --wait " + human(d))
                .orElse("--wait DURATION bounds the wait; Ctrl-C stops");
        return new Dispatcher.EmptyPoolWait(config.waitForWorkers(), Duration.ofMinutes(1), waited -> {
            if (waited.isZero()) {
                // said even with --quiet: a batch that waits without a word looks hung
                err.println("farm-submit: no worker in " + what + " yet; waiting for one to register (" + bound + ")");
            } else if (!config.quiet()) {
                err.println("farm-submit: still no worker in " + what + " after "
                        + human(Duration.ofSeconds(Math.max(1, Math.round(waited.toMillis() / 1000.0)))) + "; still waiting");
            }
        }, "no worker registered in " + what + " within --wait " + config.waitForWorkers().map(Submission::human)
                .orElse("") + "; stopped (images rendered so far are kept)");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0 || s == 0) return d.toMillis() + "ms";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    /**
     * INI settings the farm overrides, and files the scenes name that packaging cannot find (not an error: the name
     * may sit in an {@code #if} branch that is never taken, or the worker may have the file).
     */
    private void printWarnings(PackageBuilder builder) {
        config.warnings().forEach(w -> err.println("farm-submit: warning: " + w));
        Set<String> shown = new HashSet<>();
        for (RenderJob job : config.jobs()) {
            try {
                for (WorkPackage.NotFound missing : builder.files(job).notFound()) {
                    if (shown.add(missing.where() + missing.name())) {
                        err.println("farm-submit: warning: " + missing.where() + ": \"" + missing.name() + "\" not found "
                                + "when packaging (looked in " + missing.looked() + "); if the render needs it, add its "
                                + "folder with --include-path DIR");
                    }
                }
            } catch (PackageException e) {
                // reported as that scene's failure when it is rendered
            }
        }
    }

    /** The manifest's newest entries; none (so every image is rendered again) if it cannot be read. */
    private Map<String, Manifest.Entry> manifest(OutputCollector output) {
        try {
            return output.manifest().read();
        } catch (IOException e) {
            err.println("farm-submit: cannot read " + output.manifest().file() + " (" + e.getMessage()
                    + "); every image is rendered again");
            return Map.of();
        }
    }

    private void writeContactSheet(OutputCollector output, List<JobRecord> jobs) {
        List<ContactSheet.Failure> failures = new ArrayList<>();
        for (JobRecord j : jobs) {
            if (j.state() == JobState.FAILED) {
                failures.add(new ContactSheet.Failure(j.name(), j.failure(), j.logFile().orElse(null)));
            }
        }
        try {
            ContactSheet.write(output, failures, "RayPool renders");
        } catch (IOException e) {
            err.println("farm-submit: cannot write the contact sheet " + output.folder().resolve(ContactSheet.INDEX)
                    + ": " + e.getMessage());
        }
    }

    /** The batch cannot start; the message says why and what to do. */
    static final class StartException extends Exception {
        StartException(String message) {
            super(message);
        }
    }
}
