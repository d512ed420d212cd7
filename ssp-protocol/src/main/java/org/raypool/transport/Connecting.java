package org.raypool.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.List;

/**
 * What the transports share when setting up: the check of the local addresses to listen on, and the connect
 * loop that tries the peer's addresses in turn until one answers or the time is up, with its error messages.
 * Not for application use.
 */
public final class Connecting {

    private Connecting() {
    }

    /** Opens a new, unconnected channel. */
    @FunctionalInterface
    public interface Opener<C extends Channel> {
        C open() throws IOException;
    }

    /** One connect attempt of a transport. */
    @FunctionalInterface
    public interface Attempt<C extends Channel> {
        /**
         * Connects {@code channel} to {@code address} by {@code deadline} ({@link System#nanoTime}) and builds
         * the association on it, not yet started. On an exception the caller closes the channel.
         */
        AbstractAssociation connect(C channel, InetSocketAddress address, long deadline) throws IOException;
    }

    /** Throws IllegalArgumentException unless there is a local address and all share one port (or 0). */
    public static void checkLocalAddresses(List<InetSocketAddress> local) {
        if (local.isEmpty()) throw new IllegalArgumentException("no local address");
        int port = local.get(0).getPort();
        for (InetSocketAddress address : local) {
            if (address.getPort() != port && address.getPort() != 0) {
                throw new IllegalArgumentException("all local addresses share one port: " + local);
            }
        }
    }

    /**
     * Tries the {@code remote} addresses in order, each on a new channel, until an attempt succeeds (its
     * association is then started). An attempt is made only while at least {@code granularityNanos} of the
     * {@code timeout} are left. A RuntimeException ends the loop at once; otherwise the last failure is reported
     * as "{@code transportName} connect to ... failed: ...".
     */
    public static <C extends Channel> Association connect(String transportName, List<InetSocketAddress> remote,
                                                          Duration timeout, long granularityNanos,
                                                          Opener<C> opener, Attempt<C> attempt)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        for (InetSocketAddress address : remote) {
            if ((deadline - System.nanoTime()) / granularityNanos <= 0) break;
            C channel = opener.open();
            try {
                AbstractAssociation association = attempt.connect(channel, address, deadline);
                association.start();
                return association;
            } catch (IOException | RuntimeException e) {
                channel.close();
                if (e instanceof RuntimeException r) throw r;
                last = (IOException) e;
            }
        }
        String what = transportName + " connect to " + remote + " failed: ";
        if (last == null || last instanceof SocketTimeoutException) {
            throw new SocketTimeoutException(what + "no answer within " + timeout.toMillis() + " ms");
        }
        IOException e = last instanceof ConnectException ? new ConnectException(what + last.getMessage())
                : new IOException(what + last.getMessage());
        e.initCause(last);
        throw e;
    }
}
