package org.raypool.transport.tls;

import java.net.InetAddress;
import java.util.Optional;
import org.raypool.transport.AddressQuota;

/**
 * Which accepted connection may start its TLS handshake ({@link HandshakeLimits}): counts the handshakes in
 * progress in all and per source address. Past a bound the connection is refused at once; {@link #leave} when a
 * handshake ends, however. Not thread-safe: the listening endpoint calls it under its own lock.
 */
public final class HandshakeGate {

    private final HandshakeLimits limits;
    private final AddressQuota perAddress;
    private int inProgress;

    public HandshakeGate(HandshakeLimits limits) {
        this.limits = limits;
        this.perAddress = new AddressQuota(limits.perAddress());
    }

    /** Counts a handshake from {@code from} and returns empty, or says which bound refuses it (nothing counted). */
    public Optional<String> enter(InetAddress from) {
        if (inProgress >= limits.inProgress()) {
            return Optional.of(limits.inProgress() + " TLS handshakes in progress (--max-tls-handshakes)");
        }
        if (!perAddress.acquire(from)) {
            return Optional.of(limits.perAddress() + " TLS handshakes in progress from "
                    + from.getHostAddress() + " (--max-tls-handshakes-per-address)");
        }
        inProgress++;
        return Optional.empty();
    }

    /** The handshake from {@code from} that {@link #enter} counted has ended (done, failed or timed out). */
    public void leave(InetAddress from) {
        if (perAddress.count(from) == 0) throw new IllegalStateException("no handshake in progress from " + from);
        perAddress.release(from);
        inProgress--;
    }

    /** Handshakes in progress now. */
    public int inProgress() {
        return inProgress;
    }

    /** Handshakes in progress now from {@code from}. */
    public int inProgress(InetAddress from) {
        return perAddress.count(from);
    }
}
