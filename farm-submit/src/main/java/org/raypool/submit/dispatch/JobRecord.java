package org.raypool.submit.dispatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.raypool.submit.output.CommitGate;
import org.raypool.submit.pack.PackageBuilder;
import org.raypool.submit.pack.PackageException;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.WorkPackage;

/**
 * One job of the batch and everything the dispatcher knows about it. The dispatcher's thread changes the
 * bookkeeping; the display reads the volatile fields from its own thread. Attempt ids are handed out here:
 * {@link #gate(long)} lets an attempt's output in only while that attempt is the current one and the job is not
 * finished, under this record's lock, so a late result of an abandoned attempt never overwrites a newer one.
 */
public final class JobRecord {
    private final int index;
    private final RenderJob job;
    private volatile JobState state = JobState.QUEUED;
    private volatile String detail = "";
    private volatile String worker = "";
    private volatile int attempts;
    private volatile int jobFailures;
    private volatile int failures;
    private volatile int failovers;
    private volatile long startedNanos;
    private volatile long endedNanos;
    private volatile int peIdentifier;
    private volatile long sessionConnectedNanos;
    private volatile Path image;
    private volatile String failure = "";
    private volatile String logTail = "";
    private volatile Path logFile;
    private final Set<Integer> avoid = new LinkedHashSet<>();
    private final List<String> failureHistory = new ArrayList<>();

    private long currentAttempt;
    private boolean committed;
    private final Object packageLock = new Object();
    private WorkPackage workPackage;

    public JobRecord(int index, RenderJob job) {
        this.index = index;
        this.job = job;
    }

    public int index() {
        return index;
    }

    public RenderJob job() {
        return job;
    }

    /** The output's name without extension ({@link RenderJob#outputName()}), also the job's name in the display. */
    public String name() {
        return job.outputName();
    }

    public JobState state() {
        return state;
    }

    public String detail() {
        return detail;
    }

    /** The worker of the current or last attempt, as shown to the user. */
    public String worker() {
        return worker;
    }

    public int attempts() {
        return attempts;
    }

    /** How often a run of the job failed on a worker (non-zero status, or no image). */
    public int jobFailures() {
        return jobFailures;
    }

    /** How often an attempt lost its worker (gone, unreachable, silent) and the job moved on to another one. */
    public int failovers() {
        return failovers;
    }

    /** How often any attempt failed (drives the backoff). */
    public int failures() {
        return failures;
    }

    public Optional<Path> image() {
        return Optional.ofNullable(image);
    }

    /** Why the job failed, one line. */
    public String failure() {
        return failure;
    }

    /** The end of the render log of a failed job, if one came back. */
    public String logTail() {
        return logTail;
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** Seconds from the first attempt to the end (or now), 0 if it never started. */
    public double seconds() {
        long start = startedNanos;
        if (start == 0) return 0;
        long end = endedNanos == 0 ? System.nanoTime() : endedNanos;
        return (end - start) / 1e9;
    }

    /** The PE of the current attempt's session, 0 before one was picked. */
    public int peIdentifier() {
        return peIdentifier;
    }

    /** Microseconds since the current session connected; -1 while it is still connecting. */
    public long sessionAgeMicros() {
        long since = sessionConnectedNanos;
        return since == 0 ? -1 : Math.max(0, (System.nanoTime() - since) / 1000);
    }

    /** Marks a job that needs no rendering (its image is there from an earlier run). */
    public void skip(String why) {
        show(JobState.SKIPPED, why);
    }

    // --- changed by the dispatcher -------------------------------------------------------------------------

    void show(JobState newState, String newDetail) {
        state = newState;
        detail = newDetail;
        if (newState.isTerminal() && endedNanos == 0 && startedNanos != 0) endedNanos = System.nanoTime();
    }

    void worker(String label) {
        worker = label;
    }

    /** A new session with PE {@code identifier} is being connected. */
    void session(int identifier) {
        peIdentifier = identifier;
        sessionConnectedNanos = 0;
    }

    /** The session is connected (the worker said Ready). */
    void sessionConnected() {
        if (sessionConnectedNanos == 0) sessionConnectedNanos = Math.max(1, System.nanoTime());
    }

    Set<Integer> avoidSnapshot() {
        synchronized (avoid) {
            return Set.copyOf(avoid);
        }
    }

    void avoid(int peIdentifier) {
        synchronized (avoid) {
            avoid.add(peIdentifier);
        }
    }

    int countFailure(boolean byTheJob) {
        if (byTheJob) jobFailures++;
        return ++failures;
    }

    /** Remembers why a run failed on a worker ("attempt 2 on worker ...: ..."), for the failed job's log. */
    void noteFailure(String line) {
        failureHistory.add(line);
    }

    List<String> failureHistory() {
        return List.copyOf(failureHistory);
    }

    void failedOver() {
        failovers++;
    }

    void rendered(Path file) {
        image = file;
    }

    void failed(String why, String tail, Path log) {
        failure = why;
        logTail = tail;
        logFile = log;
    }

    /** Starts a new attempt: it becomes the current one, every earlier one is superseded. */
    synchronized long startAttempt() {
        if (startedNanos == 0) startedNanos = System.nanoTime();
        attempts++;
        return ++currentAttempt;
    }

    /** Gives up {@code attemptId}: from now on its output is refused. */
    synchronized void abandon(long attemptId) {
        if (currentAttempt == attemptId) currentAttempt++;
    }

    /** Gives up whatever attempt is current. */
    synchronized void abandonCurrent() {
        currentAttempt++;
    }

    public synchronized boolean isCurrent(long attemptId) {
        return attemptId == currentAttempt && !committed;
    }

    /** The gate for {@code attemptId}'s output: open while it is current and nothing was committed yet. */
    public CommitGate gate(long attemptId) {
        return action -> {
            synchronized (JobRecord.this) {
                if (attemptId != currentAttempt || committed) return false;
                action.run();
                committed = true;
                return true;
            }
        };
    }

    /** The job's work package, built on first use and kept for retries until the job ends. */
    public WorkPackage workPackage(PackageBuilder builder) throws PackageException {
        synchronized (packageLock) {
            if (workPackage == null) workPackage = builder.build(job);
            return workPackage;
        }
    }

    void releasePackage() {
        synchronized (packageLock) {
            workPackage = null;
        }
    }
}
