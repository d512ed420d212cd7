package org.raypool.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs tasks, timers and the I/O of many associations: a {@link Selector} loop, as RSPLIB's
 * select() loop. Associations of a transport built with a loop ({@code new TcpTransport(options, loop)}) are read
 * and written here and call their listeners here, so a server whose state this thread owns answers a request
 * on the thread that read it, without handing it to another thread.
 *
 * <p>Tasks run in submission order; timers in deadline order, equal deadlines in scheduling order. A task or
 * timer that throws is logged and the loop goes on. Nothing may block on this thread.
 */
public final class IoLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);
    /** One TCP frame (65535 bytes + padding) left over from a read, plus a full read behind it. */
    static final int READ_BUFFER = 2 * AbstractAssociation.MAX_MESSAGE_SIZE;

    /** What the loop calls when a registered channel is ready. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong timerSequence = new AtomicLong();
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final AtomicInteger cancelledTimers = new AtomicInteger();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private volatile boolean open = true;

    public IoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector: " + e.getMessage(), e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop, after the tasks submitted before it. */
    public void execute(Runnable task) {
        if (!open) throw new RejectedExecutionException(thread.getName() + " is closed");
        tasks.add(task);
        wakeUp();
    }

    /**
     * Runs {@code task} on the loop after {@code delay}. Cancelling a timer that already ran is harmless; the
     * future's {@code get} waits for the run.
     */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return schedule(Math.max(0, delay.toNanos()), task);
    }

    ScheduledFuture<?> schedule(long delayNanos, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + delayNanos, timerSequence.incrementAndGet(), task);
        if (inLoop()) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
        return timer;
    }

    /** CPU time the loop's thread has used so far, in ns; -1 where the JVM cannot tell. */
    public long cpuTimeNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : -1;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public boolean isOpen() {
        return open;
    }

    /** Stops the loop: tasks and timers not yet run are dropped, the channels still registered are closed. */
    @Override
    public void close() {
        if (!open) return;
        open = false;
        selector.wakeup();
        if (inLoop()) return;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }

    // ---- for the transports

    /** Registers {@code channel} (non-blocking) with this loop's selector; call on the loop. */
    SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws ClosedChannelException {
        assert inLoop();
        return channel.register(selector, ops, ready);
    }

    /** The loop's read buffer, shared by its associations: valid only within one {@link Ready#ready} call. */
    ByteBuffer readBuffer() {
        assert inLoop();
        return readBuffer.clear();
    }

    // ---- the loop

    private void wakeUp() {
        // the selector's wakeup is a system call: only when the loop sleeps or is about to
        if (!awake.get() && awake.compareAndSet(false, true)) selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                runTasks();
                long timeout = runTimers();
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else {
                    awake.set(false);
                    // a task added after the check above saw awake false and woke the selector: select returns
                    if (!tasks.isEmpty()) {
                        awake.set(true);
                        selector.selectNow();
                    } else {
                        selector.select(timeout);
                        awake.set(true);
                    }
                }
                if (!open) break;
                var selected = selector.selectedKeys();
                if (!selected.isEmpty()) {
                    for (SelectionKey key : selected) {
                        try {
                            ((Ready) key.attachment()).ready(key);
                        } catch (CancelledKeyException e) {
                            // the channel was closed while we looked
                        } catch (RuntimeException | Error e) {
                            log.error("{}: I/O handler failed", thread.getName(), e);
                        }
                    }
                    selected.clear();
                }
            }
        } catch (IOException e) {
            log.error("{}: selector failed; the loop stops", thread.getName(), e);
        } finally {
            open = false;
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                try {
                    key.channel().close();
                } catch (IOException e) {
                    log.debug("{}: close of {} failed: {}", thread.getName(), key.channel(), e.toString());
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("{}: selector close failed: {}", thread.getName(), e.toString());
            }
            tasks.clear();
            timers.clear();
        }
    }

    private void runTasks() {
        if (tasks.isEmpty()) return;
        // only the tasks there now: a task that submits a task does not starve the I/O
        for (int n = tasks.size(); n > 0 && open; n--) {
            Runnable task = tasks.poll();
            if (task == null) return;
            guarded(task, "task");
        }
    }

    /** Runs the due timers; returns the select timeout in ms until the next (0 = none pending). */
    private long runTimers() {
        if (cancelledTimers.get() > 64 && cancelledTimers.get() > timers.size() / 2) purgeCancelled();
        long now = System.nanoTime();
        Timer next;
        while ((next = timers.peek()) != null && next.deadline - now <= 0 && open) {
            timers.poll();
            next.fire();
            now = System.nanoTime();
        }
        if (next == null) return 0;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline - now + 999_999));
    }

    private void purgeCancelled() {
        timers.removeIf(Timer::isCancelled);
        cancelledTimers.set(0);
    }

    private void guarded(Runnable task, String what) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) throw e;
            log.error("{}: {} failed", thread.getName(), what, e);
        }
    }

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;

    /** A one-shot timer; its state moves once from waiting to done or cancelled. */
    private final class Timer implements ScheduledFuture<Object>, Comparable<Delayed> {
        final long deadline;
        final long sequence;
        final Runnable task;
        final AtomicInteger state = new AtomicInteger(WAITING);

        Timer(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        void fire() {
            if (!state.compareAndSet(WAITING, DONE)) return;
            try {
                guarded(task, "timer");
            } finally {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!state.compareAndSet(WAITING, CANCELLED)) return false;
            cancelledTimers.incrementAndGet();
            synchronized (this) {
                notifyAll();
            }
            return true;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public boolean isDone() {
            return state.get() != WAITING;
        }

        @Override
        public synchronized Object get() throws InterruptedException {
            while (state.get() == WAITING) wait();
            if (isCancelled()) throw new CancellationException();
            return null;
        }

        @Override
        public synchronized Object get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (state.get() == WAITING) {
                long left = end - System.nanoTime();
                if (left <= 0) throw new TimeoutException();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (isCancelled()) throw new CancellationException();
            return null;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Timer t) {
                int c = Long.compare(deadline - t.deadline, 0);
                return c != 0 ? c : Long.compare(sequence, t.sequence);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
