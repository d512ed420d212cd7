package org.raypool.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop, not as the start of the JVM's shutdown, for the services (registrar,
 * worker). Shutdown hooks all run at once (the worker's job core kills every job's process tree in one), and a JVM
 * ended by a signal exits with 143; handling the signals lets a service stop in order and exit 0, the normal end
 * of a service. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to do this; javac warns that
 * it is internal API.
 *
 * <p>A service installs this as the first statement of {@code main}, so that no moment after the JVM started ends
 * in the JVM's default handling ({@code systemctl stop} right after {@code start} must not report a failure). A stop
 * requested while the service starts ends the start-up: the starting thread is interrupted (a registration that
 * waits for a registrar gives up at once) and the service checks {@link #stopAt} between its start-up phases, then
 * releases what it opened. After {@link #startUpOver()} a stop only counts down, and the service's main thread stops it
 * in order.
 *
 * <p>Test hook: the system property {@value #PAUSE_PROPERTY} names a start-up phase; the service says on standard
 * error that it paused there and waits for a stop, so a process test can signal it in exactly that phase. The
 * services' phases: {@code main} (main's first statement), {@code options} (options checked, nothing open yet),
 * {@code started} (endpoints bound; a worker registered), {@code status} (status outputs open, not yet ready).
 */
public final class StopSignals {
    /** System property naming the start-up phase to pause at, for process tests only. */
    public static final String PAUSE_PROPERTY = "raypool.test.pause-at";
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final boolean handled;
    private final String pauseAt;
    /** The JVM's own handlers, for {@link #restoreDefault()}. */
    private final Map<String, SignalHandler> previous = new HashMap<>();
    private volatile String received = "TERM";
    /** The thread that starts the service, interrupted by a stop until it serves; null after that. */
    private Thread starting;

    private StopSignals(boolean install, Thread starting) {
        this.starting = starting;
        this.pauseAt = System.getProperty(PAUSE_PROPERTY, "");
        this.handled = install && handleSignals();
    }

    /**
     * Handles SIGTERM and SIGINT from now on; until {@link #startUpOver()}, a stop also interrupts the calling thread.
     * Call it as the first statement of {@code main}.
     */
    public static StopSignals install() {
        return new StopSignals(true, Thread.currentThread());
    }

    /** For a service run inside another program (tests): no signal handling; stops come only from {@link #request}. */
    public static StopSignals notInstalled() {
        return new StopSignals(false, null);
    }

    private boolean handleSignals() {
        try {
            for (String name : SIGNALS) {
                previous.put(name, Signal.handle(new Signal(name), signal -> {
                    received = signal.getName();
                    request();
                }));
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** False if the JVM does not let us handle the signals (e.g. {@code -Xrs}); then they shut the JVM down. */
    public boolean handled() {
        return handled;
    }

    /** A request to stop, as a signal makes it. */
    public void request() {
        // counted first, so that the interrupted thread finds the request when it looks
        requested.countDown();
        synchronized (this) {
            if (starting != null) starting.interrupt();
        }
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /**
     * The start-up reached {@code phase}: pauses there when the test hook names it, and tells whether a stop was
     * requested, in which case the caller ends the start-up and releases what it opened.
     */
    public boolean stopAt(String phase) {
        if (phase.equals(pauseAt) && !requested()) {
            System.err.println("start-up paused in phase '" + phase + "' (" + PAUSE_PROPERTY + "); waiting for a stop");
            try {
                requested.await();
            } catch (InterruptedException e) {
                // the stop interrupts the starting thread: that is what we wait for
            }
        }
        if (!requested()) return false;
        // The stop is known now; the release that follows must not trip over its interrupt.
        startUpOver();
        return true;
    }

    /**
     * The start-up is over (the service serves, or a stop ended the start-up): a stop no longer interrupts the
     * starting thread, and an interrupt a stop made is cleared.
     */
    public void startUpOver() {
        Thread thread;
        synchronized (this) {
            thread = starting;
            starting = null;
        }
        // The stop itself is kept in the latch; its interrupt has done its work.
        if (Thread.currentThread() == thread) Thread.interrupted();
    }

    /** Waits until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /**
     * For a command that is not a service (e.g. {@code farm-registrar dump}): the JVM's default handling again, and a
     * signal that came before ends the JVM now as it would have then.
     */
    public void restoreDefault() {
        if (!handled) return;
        startUpOver();
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        // as the JVM's own handler would have ended it (shutdown hooks, exit 128 + signal number); Signal.raise
        // would do it too, but on another thread, while this one goes on with the command
        if (requested()) System.exit(128 + new Signal(received).getNumber());
    }
}
