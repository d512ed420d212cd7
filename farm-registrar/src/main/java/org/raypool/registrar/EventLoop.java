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
