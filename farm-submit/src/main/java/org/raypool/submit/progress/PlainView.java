package org.raypool.submit.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.raypool.submit.dispatch.JobRecord;

/** One line per change of a scene's state, for logs and pipes: "[2/5 done] knot-640-480: rendering on ...". */
final class PlainView implements ProgressView {
    private final PrintStream out;
    private final Map<JobRecord, String> last = new HashMap<>();
    private List<JobRecord> jobs = List.of();

    PlainView(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void start(List<JobRecord> all) {
        jobs = List.copyOf(all);
        for (JobRecord j : jobs) {
            if (j.state().isTerminal()) {
                out.println("farm-submit: " + j.name() + ": " + ProgressView.describe(j));
                last.put(j, ProgressView.describe(j));
            }
        }
        out.flush();
    }

    @Override
    public synchronized void changed(JobRecord job) {
        String text = ProgressView.describe(job);
        if (text.equals(last.put(job, text))) return;
        int finished = 0;
        for (JobRecord j : jobs) if (j.state().isTerminal()) finished++;
        out.println("farm-submit: [" + finished + "/" + jobs.size() + "] " + job.name() + ": " + text);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
