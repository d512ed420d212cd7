package org.raypool.submit.progress;

import java.io.PrintStream;
import java.util.List;
import org.raypool.submit.dispatch.Dispatcher;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.dispatch.JobState;

/**
 * Shows the batch while it runs: each scene's state (queued, uploading, rendering on which worker, downloading,
 * done, failed, retry n) and the overall count. {@link #forStream} picks the live display on a terminal and
 * plain lines elsewhere (logs, CI, tests).
 */
public interface ProgressView extends Dispatcher.Listener, AutoCloseable {

    /** The batch starts with these jobs (some may already be SKIPPED). */
    void start(List<JobRecord> jobs);

    /** The batch is over: the display stops changing. */
    @Override
    void close();

    static ProgressView forStream(PrintStream out, boolean terminal, boolean quiet) {
        if (quiet) return new QuietView();
        return terminal ? new LiveView(out) : new PlainView(out);
    }

    /** "3/10 done, 1 failed, 2 running, 1 retrying, 3 queued". */
    static String counts(List<JobRecord> jobs) {
        int done = 0, failed = 0, running = 0, retrying = 0, queued = 0, skipped = 0, cancelled = 0;
        for (JobRecord j : jobs) {
            switch (j.state()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
                case CANCELLED -> cancelled++;
                case RETRY_WAIT -> retrying++;
                case QUEUED -> queued++;
                default -> running++;
            }
        }
        StringBuilder s = new StringBuilder().append(done + skipped).append('/').append(jobs.size()).append(" done");
        if (skipped > 0) s.append(" (").append(skipped).append(" existed)");
        if (failed > 0) s.append(", ").append(failed).append(" failed");
        if (running > 0) s.append(", ").append(running).append(" running");
        if (retrying > 0) s.append(", ").append(retrying).append(" waiting to retry");
        if (queued > 0) s.append(", ").append(queued).append(" queued");
        if (cancelled > 0) s.append(", ").append(cancelled).append(" not rendered");
        return s.toString();
    }

    /** "rendering on node1 0x1a2b3c4d (127.0.0.1:4001)", "retry 2 in 10.3s: worker lost 0x...", "done". */
    static String describe(JobRecord job) {
        JobState state = job.state();
        String detail = job.detail();
        return switch (state) {
            case CONNECTING -> "connecting" + (job.worker().isEmpty() ? "" : " to " + job.worker());
            case UPLOADING -> "uploading to " + job.worker();
            case RENDERING -> "rendering on " + job.worker();
            case DOWNLOADING -> "downloading from " + job.worker() + (detail.isEmpty() ? "" : " (" + detail + ")");
            case RETRY_WAIT -> detail;
            case DONE -> "done" + (job.image().isPresent() ? " -> " + job.image().get().getFileName() : "");
            case FAILED -> "failed: " + job.failure();
            default -> state.label() + (detail.isEmpty() ? "" : " (" + detail + ")");
        };
    }

    /** Nothing at all (--quiet). */
    final class QuietView implements ProgressView {
        @Override
        public void start(List<JobRecord> jobs) {}

        @Override
        public void changed(JobRecord job) {}

        @Override
        public void close() {}
    }
}
