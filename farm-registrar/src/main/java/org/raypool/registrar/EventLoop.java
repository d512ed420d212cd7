package org.raypool.registrar;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.raypool.transport.IoLoop;

/**
 * The one thread that owns the registrar's state (handlespace, peer table, timers), as in RSPLIB: tasks and timers
 * run on it, so the state needs no locks and behaves deterministically. It is also the I/O thread of the
 * registrar's associations ({@link #io()}, given to the transport), so a request is read, handled and answered
 * on this thread without a hand-off. A task that throws is logged and the loop goes on.
 */
public final class EventLoop implements AutoCloseable {

    private final IoLoop io;

    public EventLoop(String name) {
        io = new IoLoop(name);
    }

    public void execute(Runnable task) {
        io.execute(task);
    }

    /** A cancellable timer; cancelling one that already ran is harmless. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return io.schedule(delay, task);
    }

    /**
     * Runs {@code query} on the loop and waits up to {@code timeout} for its result: how other threads (status
     * page, tests) read the state the loop owns. Must not be called on the loop itself, which would wait for itself.
     *
     * @throws IllegalStateException if called on the loop, the loop is closed or does not answer in time
     */
    public <T> T call(java.util.function.Supplier<T> query, Duration timeout) {
        if (inLoop()) throw new IllegalStateException("EventLoop.call is for threads outside the event loop (it would wait for itself)");
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    result.complete(query.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("the registrar is stopping", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the event loop did not answer within " + timeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public boolean inLoop() {
        return io.inLoop();
    }

    /** CPU time the loop's thread has used so far, in ns; -1 where the JVM cannot tell (its busy-ness as load). */
    public long cpuTimeNanos() {
        return io.cpuTimeNanos();
    }

    /** Milliseconds on a monotonic clock, the time base of every deadline in the registrar. */
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** The I/O loop this event loop runs on: transports built with it call their listeners on this thread. */
    public IoLoop io() {
        return io;
    }

    @Override
    public void close() {
        io.close();
    }
}
