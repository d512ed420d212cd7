package org.raypool.csp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.ComponentStatusReport;
import org.raypool.wire.csp.CspCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a component's status to a cspmonitor as RSPLIB does (docs/protocol/csp.md §6): the first report at once, each
 * later one an interval after the previous was sent, fire and forget, and a final report on {@link #close}. The status
 * is asked from the component for every report, on the reporter's own thread. One long-lived UDP socket (§6.3).
 */
public final class CspReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CspReporter.class);

    private final CspConfig config;
    private final ComponentId id;
    private final Supplier<ComponentStatus> status;
    private final DatagramChannel channel;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private long firstReportNanos;
    private boolean sentOne;
    private volatile boolean closed;
    private boolean warned;

    private CspReporter(CspConfig config, ComponentId id, Supplier<ComponentStatus> status) throws IOException {
        this.config = config;
        this.id = id;
        this.status = status;
        this.channel = DatagramChannel.open();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "csp-" + id.label().replace(" $", "-"));
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reporting {@code id} with what {@code status} says at each report. */
    public static CspReporter start(CspConfig config, ComponentId id, Supplier<ComponentStatus> status)
            throws IOException {
        Objects.requireNonNull(config, "config");
        if (id.object() == 0) throw new IllegalArgumentException("a CSP sender needs a non-zero object number");
        CspReporter reporter = new CspReporter(config, id, status);
        reporter.timer.scheduleWithFixedDelay(reporter::report, 0, config.interval().toNanos(), TimeUnit.NANOSECONDS);
        log.info("reporting as {} to cspmonitor at {} every {} ms", id.label(), config.server(),
                config.interval().toMillis());
        return reporter;
    }

    public ComponentId id() {
        return id;
    }

    private void report() {
        if (closed) return;
        ComponentStatus now;
        try {
            now = status.get();
        } catch (RuntimeException e) {
            log.debug("no CSP status this time: {}", e.toString());
            return;
        }
        synchronized (lock) {
            if (closed) return;
            if (!sentOne) firstReportNanos = System.nanoTime();
            send(new ComponentStatusReport(false, id, micros(), config.intervalMicros(), now.location(),
                    now.status(), now.workload(), now.associations()));
            sentOne = true;
        }
    }

    private long micros() {
        return (System.nanoTime() - firstReportNanos) / 1000;
    }

    private void send(ComponentStatusReport report) {
        try {
            channel.send(ByteBuffer.wrap(CspCodec.INSTANCE.encode(report)), config.server());
            warned = false;
        } catch (IOException e) {
            if (!warned) log.warn("cannot send a CSP report to {}: {}", config.server(), e.getMessage());
            warned = true;
        }
    }

    /** Stops reporting; sends the final report if a normal one went out before. Idempotent. */
    @Override
    public void close() {
        // No interrupt: it would close the channel (an interruptible channel) under a report being sent.
        timer.shutdown();
        synchronized (lock) {
            if (closed) return;
            closed = true;
            if (sentOne) send(ComponentStatusReport.finalReport(id, micros(), config.intervalMicros()));
        }
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            channel.close();
        } catch (IOException e) {
            log.debug("closing the CSP socket: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
