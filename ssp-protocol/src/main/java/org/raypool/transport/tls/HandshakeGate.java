package org.raypool.transport.tls;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which accepted connection may start its TLS handshake ({@link HandshakeLimits}): counts the handshakes in
 * progress in all and per source address. Past a bound the connection is refused at once; {@link #leave} when a
 * handshake ends, however. Not thread-safe: the listening endpoint calls it under its own lock.
 */
public final class HandshakeGate {

    private final HandshakeLimits limits;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int inProgress;

    public HandshakeGate(HandshakeLimits limits) {
        this.limits = limits;
    }

    /** Counts a handshake from {@code from} and returns empty, or says which bound refuses it (nothing counted). */
    public Optional<String> enter(InetAddress from) {
        if (inProgress >= limits.inProgress()) {
            return Optional.of(limits.inProgress() + " TLS handshakes in progress (--max-tls-handshakes)");
        }
        int mine = perAddress.getOrDefault(from, 0);
        if (mine >= limits.perAddress()) {
            return Optional.of(limits.perAddress() + " TLS handshakes in progress from "
                    + from.getHostAddress() + " (--max-tls-handshakes-per-address)");
        }
        perAddress.put(from, mine + 1);
        inProgress++;
        return Optional.empty();
    }

    /** The handshake from {@code from} that {@link #enter} counted has ended (done, failed or timed out). */
    public void leave(InetAddress from) {
        Integer mine = perAddress.get(from);
        if (mine == null) throw new IllegalStateException("no handshake in progress from " + from);
        if (mine == 1) {
            perAddress.remove(from);
        } else {
            perAddress.put(from, mine - 1);
        }
        inProgress--;
    }

    /** Handshakes in progress now. */
    public int inProgress() {
        return inProgress;
    }

    /** Source addresses with a handshake in progress now (bounded by {@link HandshakeLimits#inProgress}). */
    public int addresses() {
        return perAddress.size();
    }
}
