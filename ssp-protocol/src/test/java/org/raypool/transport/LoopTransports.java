package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.raypool.wire.Protocol;

/**
 * Two I/O loops for the loop-mode tests: one serves the listening side, the other the connecting side, as they
 * would be in two processes, so a test may block one side's callbacks without stopping the other side. As a
 * registered extension it closes both loops after each test.
 */
public final class LoopTransports implements AutoCloseable, AfterEachCallback {

    public final IoLoop server = new IoLoop("test-loop-server");
    public final IoLoop client = new IoLoop("test-loop-client");

    /** A transport that listens on {@link #server} and connects on {@link #client}. */
    public Transport transport(Function<IoLoop, Transport> onLoop) {
        Transport listening = onLoop.apply(server);
        Transport connecting = onLoop.apply(client);
        return new Transport() {
            @Override
            public String name() {
                return listening.name();
            }

            @Override
            public ListeningEndpoint listen(List<InetSocketAddress> local, Set<Protocol> protocols,
                                            AssociationListener listener) throws IOException {
                return listening.listen(local, protocols, listener);
            }

            @Override
            public Association connect(List<InetSocketAddress> remote, Set<Protocol> protocols,
                                       AssociationListener listener, Duration timeout) throws IOException {
                return connecting.connect(remote, protocols, listener, timeout);
            }
        };
    }

    /** Checks that a callback ran on one of the two loops. */
    public void assertLoopThread(String thread) {
        assertTrue(thread.equals(server.toString()) || thread.equals(client.toString()), "callback thread " + thread);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
