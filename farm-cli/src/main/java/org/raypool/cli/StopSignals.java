package org.raypool.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the start of the JVM's shutdown, for the services (registrar,
 * worker). Shutdown hooks all run at once (the worker's job core kills every job's process tree in one), and a JVM
 * ended by a signal exits with 143; handling the signals lets a service stop in order and exit 0, the normal end
 * of a service. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to do this; javac warns that
 * it is internal API.
 */
public final class StopSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private StopSignals() {
    }

    /**
     * Counts {@code requested} down on SIGTERM or SIGINT.
     *
     * @return false if the JVM does not let us handle them (e.g. {@code -Xrs}); then they shut the JVM down
     */
    public static boolean install(CountDownLatch requested) {
        try {
            for (String name : SIGNALS) {
                Signal.handle(new Signal(name), signal -> requested.countDown());
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
