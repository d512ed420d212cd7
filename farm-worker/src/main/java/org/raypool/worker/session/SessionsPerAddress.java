package org.raypool.worker.session;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many sessions each source address holds, so that one host cannot take every slot (docs/sandbox.md). Not
 * thread-safe: {@link ScriptingServer} uses it under its lock.
 */
final class SessionsPerAddress {
    private final int max;
    private final Map<InetAddress, Integer> held = new HashMap<>();

    SessionsPerAddress(int max) {
        if (max < 1) throw new IllegalArgumentException("at least one session per address must be allowed");
        this.max = max;
    }

    /** Counts one more session for {@code address}; false, counting nothing, if it already holds the maximum. */
    boolean tryAcquire(InetAddress address) {
        int now = held.getOrDefault(address, 0);
        if (now >= max) return false;
        held.put(address, now + 1);
        return true;
    }

    void release(InetAddress address) {
        held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    int held(InetAddress address) {
        return held.getOrDefault(address, 0);
    }

    int max() {
        return max;
    }
}
