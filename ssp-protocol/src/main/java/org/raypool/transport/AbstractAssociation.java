package org.raypool.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What TCP and SCTP associations share: the two I/O modes with their callback guarantees, the send lock with its
 * timeout, and the close/abort/comm-lost state. Subclasses supply the socket work. Not for application use.
 *
 * <p>Without an {@link IoLoop} an association has its own reader thread doing blocking reads, and a send writes
 * on the caller's thread. With a loop the channel is non-blocking and registered with the loop's selector: the
 * loop reads, calls the listener and writes what a send could not write at once.
 */
public abstract class AbstractAssociation implements Association {

    /** The largest message we accept (RSPLIB's ASAP/ENRP receive buffer, docs/protocol/asap-enrp-wire.md §7). */
    public static final int MAX_MESSAGE_SIZE = 65536;

    private static final Logger log = LoggerFactory.getLogger(AbstractAssociation.class);
    private static final AtomicLong ids = new AtomicLong();
    private static final long NO_WRITE = Long.MIN_VALUE;
    private static final LongAdder timerTasks = new LongAdder();
    private static final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "raypool-transport-timer");
        t.setDaemon(true);
        return t;
    });

    static {
        timer.setRemoveOnCancelPolicy(true);
    }

    private final String id;
    private final Set<Protocol> protocols;
    private final AssociationListener listener;
    private final TransportOptions options;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** When the write in progress must be done by ({@link System#nanoTime}), or {@link #NO_WRITE}. */
    private volatile long writeDeadline = NO_WRITE;
    /** True while a {@link #watchdog} run is scheduled; at most one per association. */
    private final AtomicBoolean watchdogArmed = new AtomicBoolean();
    /** The first known reason for the end wins; null while the association is open. */
    private final AtomicReference<CommLost> end = new AtomicReference<>();
    /** The reader thread, or null when {@link #loop} does the I/O. */
    private final Thread reader;
    private final IoLoop loop;
    private long discarded;

    // loop mode: the output queue and its state are guarded by the send lock; the rest belongs to the loop
    private static final long READ_PAUSE_BYTES = 1 << 20;
    private final Condition written = sendLock.newCondition();
    private final ArrayDeque<Pending> output = new ArrayDeque<>();
    private long queuedBytes;
    private long queuedMessages;
    private long writtenMessages;
    private boolean shutdownAfterFlush;
    private boolean loopWatchdogArmed;
    private SelectionKey key;
    private boolean finished;

    /** A message (TCP: its frame) that the socket did not take at once, and when it must be out by. */
    private record Pending(Protocol protocol, ByteBuffer frame, long deadline, long number) {}

    protected AbstractAssociation(String transportName, Set<Protocol> protocols, AssociationListener listener,
                                  TransportOptions options, IoLoop loop) {
        this.id = transportName + "-" + ids.incrementAndGet();
        this.protocols = Set.copyOf(protocols);
        this.listener = listener;
        this.options = options;
        this.loop = loop;
        if (loop == null) {
            this.reader = new Thread(this::run, id + "-reader");
            this.reader.setDaemon(true);
        } else {
            this.reader = null;
        }
    }

    /**
     * Starts the I/O: the reader thread, or the registration with the loop (the listener's {@code onEstablished}
     * follows on the loop). The transport calls this once the association is set up.
     */
    public final void start() throws IOException {
        if (loop == null) {
            reader.start();
            return;
        }
        selectable().configureBlocking(false);
        try {
            loop.execute(this::register);
        } catch (RejectedExecutionException e) {
            throw new ClosedAssociationException(id + ": the I/O loop " + loop + " is closed", e);
        }
    }

    // ---- what a transport implements

    /**
     * Reads messages and hands each to {@link #deliver} until the peer ends the association in order (then
     * returns). Throws {@link ProtocolViolationException} on bad framing and any other IOException on failure.
     */
    protected abstract void readLoop() throws IOException;

    /** Writes one validated message in one piece; called under the send lock. */
    protected abstract void write(Protocol protocol, ByteBuffer message) throws IOException;

    /** Starts the graceful close: no more sending, the peer is told (SCTP SHUTDOWN, TCP FIN). */
    protected abstract void shutdownOutput() throws IOException;

    /** Closes the socket; {@code abortive} sends SCTP ABORT / TCP RST. Must be idempotent and thread-safe. */
    protected abstract void closeSocket(boolean abortive);

    /** Checks that the path exists and makes it primary. */
    protected abstract void setPrimary(InetSocketAddress remote) throws IOException;

    // loop mode

    /** The channel the loop selects on. */
    protected abstract SelectableChannel selectable();

    /**
     * Loop mode: reads what has arrived without blocking and hands every complete message to {@link #deliver}.
     * {@code buffer} is the loop's, empty, and good for this call only. Returns false once the peer has ended
     * the association in order; throws like {@link #readLoop}.
     */
    protected abstract boolean readAvailable(ByteBuffer buffer) throws IOException;

    /**
     * Loop mode: true if input is buffered above the socket (TLS records read during the handshake), so the
     * loop reads once at registration without waiting for the selector.
     */
    protected boolean hasBufferedInput() {
        return false;
    }

    /** What goes on the wire for one message: TCP pads it, SCTP sends it as it is. */
    protected ByteBuffer frame(Protocol protocol, ByteBuffer message) {
        return message;
    }

    /**
     * Loop mode: writes as much of {@code frame} as the socket takes now, without blocking, and advances its
     * position; true if all of it went out.
     */
    protected abstract boolean tryWrite(Protocol protocol, ByteBuffer frame) throws IOException;

    /** A socket call that may fail, e.g. setting SO_LINGER 0. */
    @FunctionalInterface
    protected interface SocketAction {
        void run() throws IOException;
    }

    /**
     * The usual {@link #closeSocket}: runs {@code lingerZero} first if {@code abortive} and the channel is open,
     * then closes the channel; failures are logged at debug level by the subclass's logger.
     */
    protected final void closeChannel(Channel channel, boolean abortive, SocketAction lingerZero) {
        try {
            if (abortive && channel.isOpen()) {
                lingerZero.run();
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(getClass()).debug("{} SO_LINGER 0 failed: {}", id(), e.toString());
        }
        try {
            channel.close();
        } catch (IOException e) {
            LoggerFactory.getLogger(getClass()).debug("{} close failed: {}", id(), e.toString());
        }
    }

    /** Thrown by {@link #readLoop} when the peer breaks the framing; the association is aborted. */
    public static final class ProtocolViolationException extends IOException {
        public ProtocolViolationException(String message) {
            super(message);
        }
    }

    // ---- Association

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Set<Protocol> protocols() {
        return protocols;
    }

    protected final TransportOptions options() {
        return options;
    }

    @Override
    public final boolean isOpen() {
        return end.get() == null;
    }

    @Override
    public final void send(Protocol protocol, ByteBuffer message) throws IOException {
        if (!protocols.contains(protocol)) {
            throw new IllegalArgumentException(id + " carries " + protocols + ", not " + protocol);
        }
        int size = message.remaining();
        if (size < 4 || size > 0xFFFF) {
            throw new IllegalArgumentException(id + ": a message has 4 to 65535 bytes, not " + size);
        }
        int length = message.getShort(message.position() + 2) & 0xFFFF;
        if (length != size) {
            throw new IllegalArgumentException(id + ": Length field " + length + " but " + size + " bytes given");
        }
        ensureOpen();
        if (loop != null) {
            sendQueued(protocol, message);
            return;
        }
        long timeoutNanos = options.sendTimeout().toNanos();
        long start = System.nanoTime();
        try {
            if (!sendLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException(id + ": send timed out after " + options.sendTimeout().toMillis()
                        + " ms waiting for other senders");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(id + ": interrupted while waiting to send");
        }
        try {
            ensureOpen();
            long now = System.nanoTime();
            long deadline = now + Math.max(1, timeoutNanos - (now - start));
            if (deadline == NO_WRITE) deadline++;
            writeDeadline = deadline;
            armWatchdog(deadline);
            try {
                write(protocol, message.duplicate());
            } catch (IOException e) {
                throw sendFailure(e);
            } finally {
                writeDeadline = NO_WRITE;
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** The exception a send throws when the write failed with {@code e}. */
    private IOException sendFailure(IOException e) {
        CommLost why = end.get();
        if (why != null && why.cause() == CommLost.Cause.SEND_TIMEOUT) {
            return new SocketTimeoutException(id + ": send timed out after "
                    + options.sendTimeout().toMillis() + " ms; association aborted");
        }
        if (why != null || e instanceof ClosedChannelException) {
            return new ClosedAssociationException(id + " is closed" + (why == null ? "" : ": " + why), e);
        }
        return new IOException(id + ": send failed: " + e.getMessage(), e);
    }

    /*
     * The send timeout. Scheduling and cancelling a timer task around every write woke the shared timer thread
     * about every other message (a context switch and two futex calls per reply, a quarter of a registrar's CPU
     * under load). Instead one watchdog per association runs while writes happen: when it fires it aborts a
     * write that has passed its deadline, follows a later write to that write's deadline, and disarms when no
     * write is in progress. A write always checks the watchdog is armed after publishing its deadline and the
     * watchdog re-reads the deadline after disarming, so every write is watched; the timeout fires at the same
     * moment as before.
     */

    private void armWatchdog(long deadline) {
        if (!watchdogArmed.get() && watchdogArmed.compareAndSet(false, true)) scheduleWatchdog(deadline);
    }

    private void scheduleWatchdog(long deadline) {
        after(Math.max(0, deadline - System.nanoTime()), this::watchdog);
    }

    private void watchdog() {
        while (true) {
            long deadline = writeDeadline;
            if (deadline == NO_WRITE) {
                watchdogArmed.set(false);
                // a write that published its deadline before the line above saw the watchdog armed: watch it
                if (writeDeadline == NO_WRITE || !watchdogArmed.compareAndSet(false, true)) return;
            } else if (deadline - System.nanoTime() > 0) {
                scheduleWatchdog(deadline);
                return;
            } else if (writeDeadline == deadline) {
                sendTimedOut(); // the association is over: the watchdog stays armed and never runs again
                return;
            }
            // else the late write has just finished; look again
        }
    }

    private static void after(long nanos, Runnable task) {
        timerTasks.increment();
        timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    /** Timer tasks scheduled so far by all associations (for tests). */
    static long timerTasksScheduled() {
        return timerTasks.sum();
    }

    private void ensureOpen() throws IOException {
        CommLost why = end.get();
        if (why != null) throw new ClosedAssociationException(id + " is closed: " + why);
    }

    private void sendTimedOut() {
        if (end(CommLost.Cause.SEND_TIMEOUT, "a send took longer than " + options.sendTimeout().toMillis() + " ms")) {
            log.warn("{} send timed out after {} ms; aborting", id, options.sendTimeout().toMillis());
        }
        closeSocket(true);
        if (loop != null) finishLater();
    }

    @Override
    public final void setPrimaryPath(InetSocketAddress remote) throws IOException {
        if (!remoteAddresses().contains(remote)) {
            throw new IllegalArgumentException(id + ": " + remote + " is not a peer address " + remoteAddresses());
        }
        setPrimary(remote);
        log.info("{} primary path set to {}", id, remote);
    }

    @Override
    public final void close() {
        if (!end(CommLost.Cause.LOCAL_CLOSE, "")) return;
        log.debug("{} closing", id);
        if (loop != null) {
            onLoop(this::closeOnLoop);
            return;
        }
        boolean locked = false;
        try {
            // a half-written frame before the FIN would be a truncated message for the peer
            locked = sendLock.tryLock(options.sendTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!locked) {
                log.warn("{} close: a send is stuck; aborting", id);
                closeSocket(true);
                return;
            }
            shutdownOutput();
            after(options.closeTimeout().toNanos(), () -> {
                if (reader.isAlive()) {
                    log.warn("{} peer did not complete the close within {} ms; aborting", id,
                            options.closeTimeout().toMillis());
                    closeSocket(true);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeSocket(true);
        } catch (IOException e) {
            log.debug("{} graceful close failed ({}); closing", id, e.toString());
            closeSocket(true);
        } finally {
            if (locked) sendLock.unlock();
        }
    }

    @Override
    public final void abort() {
        end(CommLost.Cause.LOCAL_ABORT, "");
        closeSocket(true);
        if (loop != null) finishLater();
    }

    /** Records why the association ends, unless a reason is known already; true if this one was first. */
    protected final boolean end(CommLost.Cause cause, String detail) {
        return end.compareAndSet(null, new CommLost(cause, detail));
    }

    /** True once {@link #close()} or anything else has ended the association. */
    protected final boolean ending() {
        return end.get() != null;
    }

    // ---- reader thread

    /** Hands one received message to the listener; messages after a local close are dropped. */
    protected final void deliver(Protocol protocol, ByteBuffer message) throws ProtocolViolationException {
        if (!protocols.contains(protocol)) {
            throw new ProtocolViolationException(protocol + " (PPID " + protocol.ppid() + ") is not accepted here, only "
                    + protocols);
        }
        if (ending()) {
            discarded++;
            return;
        }
        try {
            listener.onMessage(this, protocol, message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{} listener failed on a {} message; continuing", id, protocol, t);
        }
    }

    private void run() {
        established();
        try {
            readLoop();
            end(CommLost.Cause.PEER_SHUTDOWN, "");
        } catch (IOException | RuntimeException e) {
            readFailed(e);
        } finally {
            lost();
        }
    }

    private void established() {
        log.info("{} established {} -> {} ({})", id, localAddresses(), remoteAddresses(), protocols);
        try {
            listener.onEstablished(this);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{} listener failed on establishment; continuing", id, t);
        }
    }

    private void readFailed(Exception e) {
        if (e instanceof ProtocolViolationException) {
            if (end(CommLost.Cause.PROTOCOL_ERROR, e.getMessage())) {
                log.warn("{} protocol error: {}; aborting", id, e.getMessage());
            }
            closeSocket(true);
        } else {
            end(CommLost.Cause.COMM_LOST, String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** The end of reading: closes the socket and tells the listener, once. */
    private void lost() {
        end(CommLost.Cause.COMM_LOST, "reader failed");
        CommLost why = end.get();
        closeSocket(why.cause() != CommLost.Cause.PEER_SHUTDOWN && why.cause() != CommLost.Cause.LOCAL_CLOSE);
        if (discarded > 0) log.debug("{} discarded {} messages that arrived after close", id, discarded);
        log.info("{} comm lost: {}", id, why);
        try {
            listener.onCommLost(this, why);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("{} listener failed on comm lost", id, t);
        }
    }

    // ---- loop mode

    /** Runs {@code task} on the loop: now if this is the loop thread, else queued. */
    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            closeSocket(true); // the loop is gone and has closed its channels; nobody is left to tell
        }
    }

    /** Ends the association on the loop after the running callback, never inside it. */
    private void finishLater() {
        try {
            loop.execute(this::finish);
        } catch (RejectedExecutionException e) {
            closeSocket(true);
        }
    }

    private void register() {
        established();
        try {
            key = loop.register(selectable(), SelectionKey.OP_READ, k -> ready());
            updateInterest();
            if (hasBufferedInput()) readNow();
        } catch (IOException | RuntimeException e) {
            end(CommLost.Cause.COMM_LOST, "cannot register with " + loop + ": " + e);
        }
        if (ending() && !selectable().isOpen()) finish();
    }

    private void ready() {
        if (finished) return;
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) flush();
        if ((ready & SelectionKey.OP_READ) != 0) readNow();
    }

    private void readNow() {
        if (!finished) {
            try {
                if (!readAvailable(loop.readBuffer())) {
                    end(CommLost.Cause.PEER_SHUTDOWN, "");
                    finish();
                }
            } catch (IOException | RuntimeException e) {
                readFailed(e);
                finish();
            }
        }
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (key != null) key.cancel();
        sendLock.lock();
        try {
            output.clear();
            queuedBytes = 0;
            written.signalAll();
        } finally {
            sendLock.unlock();
        }
        lost();
    }

    private void sendQueued(Protocol protocol, ByteBuffer message) throws IOException {
        long deadline = System.nanoTime() + options.sendTimeout().toNanos();
        boolean timedOut = false;
        sendLock.lock();
        try {
            ensureOpen();
            ByteBuffer frame = frame(protocol, message.duplicate());
            try {
                if (output.isEmpty() && tryWrite(protocol, frame)) return;
            } catch (IOException e) {
                end(CommLost.Cause.COMM_LOST, "send failed: " + e.getMessage());
                finishLater();
                throw sendFailure(e);
            }
            // the socket is full: keep the rest (a copy, the caller may reuse the buffer) for the loop
            ByteBuffer rest = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
            long number = ++queuedMessages;
            output.add(new Pending(protocol, rest, deadline, number));
            queuedBytes += rest.remaining();
            if (!loopWatchdogArmed) {
                loopWatchdogArmed = true;
                timerTasks.increment();
                loop.schedule(deadline - System.nanoTime(), this::loopWatchdog);
            }
            onLoop(this::updateInterest);
            if (loop.inLoop()) return;
            // another thread's send blocks until its message is out, as without a loop
            while (writtenMessages < number) {
                if (ending()) throw sendFailure(new ClosedChannelException());
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                written.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(id + ": interrupted while waiting to send");
        } finally {
            sendLock.unlock();
        }
        if (timedOut) {
            sendTimedOut();
            throw sendFailure(new SocketTimeoutException());
        }
    }

    /** Writes the queued output while the socket takes it; on the loop when the socket is writable. */
    private void flush() {
        IOException failed = null;
        sendLock.lock();
        try {
            Pending head;
            while ((head = output.peek()) != null && tryWrite(head.protocol(), head.frame())) {
                output.poll();
                queuedBytes -= head.frame().capacity();
                writtenMessages = head.number();
            }
            if (output.isEmpty() && shutdownAfterFlush) {
                shutdownAfterFlush = false;
                shutdownOutput();
            }
            written.signalAll();
            updateInterest();
        } catch (IOException e) {
            failed = e;
        } finally {
            sendLock.unlock();
        }
        if (failed != null) {
            end(CommLost.Cause.COMM_LOST, "send failed: " + failed.getMessage());
            finish();
        }
    }

    /** Select for writing while output waits; stop reading while a peer leaves more than 1 MiB unread. */
    private void updateInterest() {
        if (key == null || !key.isValid()) return;
        sendLock.lock();
        try {
            int ops = (queuedBytes > READ_PAUSE_BYTES ? 0 : SelectionKey.OP_READ)
                    | (output.isEmpty() ? 0 : SelectionKey.OP_WRITE);
            if (key.interestOps() != ops) key.interestOps(ops);
        } finally {
            sendLock.unlock();
        }
    }

    /** Loop mode's send timeout: the oldest queued message must be out by its deadline. */
    private void loopWatchdog() {
        long next;
        sendLock.lock();
        try {
            Pending head = output.peek();
            if (head == null || finished) {
                loopWatchdogArmed = false;
                return;
            }
            next = head.deadline() - System.nanoTime();
            if (next > 0) {
                timerTasks.increment();
                loop.schedule(next, this::loopWatchdog);
                return;
            }
        } finally {
            sendLock.unlock();
        }
        sendTimedOut();
    }

    private void closeOnLoop() {
        if (finished) return;
        sendLock.lock();
        try {
            if (output.isEmpty()) {
                shutdownOutput();
            } else {
                shutdownAfterFlush = true;
            }
        } catch (IOException e) {
            log.debug("{} graceful close failed ({}); closing", id, e.toString());
            closeSocket(true);
            finishLater();
            return;
        } finally {
            sendLock.unlock();
        }
        loop.schedule(options.closeTimeout(), () -> {
            if (!finished) {
                log.warn("{} peer did not complete the close within {} ms; aborting", id,
                        options.closeTimeout().toMillis());
                closeSocket(true);
                finish();
            }
        });
    }

    @Override
    public String toString() {
        return id + protocols + (isOpen() ? " open " : " closed ") + remoteAddresses();
    }
}
