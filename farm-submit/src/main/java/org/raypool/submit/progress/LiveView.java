package org.raypool.submit.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.dispatch.JobState;
import picocli.CommandLine.Help.Ansi;

/**
 * The terminal display: finished scenes scroll up as permanent lines (green done, red failed); below them a block
 * that is redrawn in place (ANSI cursor movement, colours through picocli's {@link Ansi}) with a spinner, the
 * overall count and one line per scene that is running or waiting to retry.
 */
final class LiveView implements ProgressView {
    private static final String[] SPINNER = {"|", "/", "-", "\\"};
    private static final int MAX_ACTIVE_LINES = 20;
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintStream out;
    private final Ansi ansi = Ansi.AUTO.enabled() ? Ansi.ON : Ansi.OFF;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final int width = terminalWidth();
    private final List<JobRecord> printed = new ArrayList<>();
    private List<JobRecord> jobs = List.of();
    private int blockLines;
    private int frame;
    private boolean closed;

    LiveView(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void start(List<JobRecord> all) {
        jobs = List.copyOf(all);
        redraw();
        ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        if (closed) return;
        frame++;
        redraw();
    }

    @Override
    public synchronized void changed(JobRecord job) {
        if (!closed) redraw();
    }

    private void redraw() {
        StringBuilder s = new StringBuilder();
        if (blockLines > 0) s.append("\u001b[").append(blockLines).append('A');
        s.append('\r');
        int finished = 0;
        for (JobRecord j : jobs) {
            if (j.state().isTerminal() && !printed.contains(j)) {
                printed.add(j);
                finished++;
                s.append(CLEAR_LINE).append(finishedLine(j)).append('\n');
            }
        }
        List<String> block = new ArrayList<>();
        block.add(ansi.string("@|bold " + escape(fit(SPINNER[frame % SPINNER.length] + " " + ProgressView.counts(jobs), width))
                + "|@"));
        int shown = 0;
        for (JobRecord j : jobs) {
            if (j.state().isTerminal() || j.state() == JobState.QUEUED) continue;
            if (shown++ == MAX_ACTIVE_LINES) {
                block.add("  ...");
                break;
            }
            String colour = j.state() == JobState.RETRY_WAIT ? "yellow" : "cyan";
            String name = "  " + j.name() + "  ";
            String text = fit(ProgressView.describe(j), width - name.length());
            block.add(fit(name, width) + ansi.string("@|" + colour + " " + escape(text) + "|@"));
        }
        for (String line : block) s.append(CLEAR_LINE).append(line).append('\n');
        int leftover = blockLines - finished - block.size();
        for (int i = 0; i < leftover; i++) s.append(CLEAR_LINE).append('\n');
        if (leftover > 0) s.append("\u001b[").append(leftover).append('A');
        blockLines = block.size();
        out.print(s);
        out.flush();
    }

    /** Cuts {@code text} to {@code columns} characters so that no line of the block wraps. */
    private static String fit(String text, int columns) {
        if (columns <= 1) return "";
        return text.length() <= columns ? text : text.substring(0, columns - 1) + "~";
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
            return Math.max(20, columns - 1);
        } catch (NumberFormatException e) {
            return 99;
        }
    }

    private String finishedLine(JobRecord j) {
        String colour = switch (j.state()) {
            case DONE, SKIPPED -> "green";
            case FAILED -> "red";
            default -> "yellow";
        };
        return ansi.string("@|" + colour + " " + escape(j.name() + ": " + ProgressView.describe(j)) + "|@");
    }

    /** Keeps picocli's markup characters in our text from being read as markup. */
    private static String escape(String text) {
        return text.replace("@|", "@ |").replace("|@", "| @");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        redraw();
        closed = true;
        ticker.shutdownNow();
        StringBuilder s = new StringBuilder();
        if (blockLines > 0) s.append("\u001b[").append(blockLines).append('A');
        for (int i = 0; i < blockLines; i++) s.append(CLEAR_LINE).append('\n');
        if (blockLines > 0) s.append("\u001b[").append(blockLines).append('A');
        out.print(s);
        out.flush();
    }
}
