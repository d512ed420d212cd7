package org.raypool.registrar;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the registrar's state (handlespace, peer table, timers), as in RSPLIB: transports
 * hand their messages to it and timers run on it, so the state needs no locks and behaves deterministically.
 * A task that throws is logged and the loop goes on.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    public EventLoop(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    /** A cancellable timer; cancelling one that already ran is harmless. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** CPU time the loop's thread has used so far, in ns; -1 where the JVM cannot tell (its busy-ness as load). */
    public long cpuTimeNanos() {
        Thread t = thread;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (t == null || !threads.isThreadCpuTimeSupported()) return -1;
        return threads.getThreadCpuTime(t.getId());
    }

    /** Milliseconds on a monotonic clock, the time base of every deadline in the registrar. */
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("event loop task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
