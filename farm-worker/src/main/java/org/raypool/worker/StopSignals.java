package org.raypool.worker;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the start of the JVM's shutdown. Shutdown hooks all run at once,
 * and the job core's hook kills every job's process tree, so a stop done in a hook could not let running sessions
 * finish. Handling the signals here lets the worker stop in order first; the JVM's shutdown follows with nothing
 * left to kill. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to do this; javac warns that
 * it is internal API.
 */
final class StopSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private StopSignals() {
    }

    /**
     * Counts {@code requested} down on SIGTERM or SIGINT.
     *
     * @return false if the JVM does not let us handle them (e.g. {@code -Xrs}); then they shut the JVM down
     */
    static boolean install(CountDownLatch requested) {
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
