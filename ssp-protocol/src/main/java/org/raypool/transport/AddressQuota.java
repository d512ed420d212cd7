package org.raypool.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * What one source address holds at most at a time, so that one host cannot take all of a server: the registrar's
 * associations per address (docs/protocol/registrar-behaviour.md §3.9), a worker's sessions per address
 * (docs/sandbox.md). Pure and not thread-safe: callers use it under their own lock.
 */
public final class AddressQuota {
    private final int max;
    private final Map<InetAddress, Integer> open = new HashMap<>();

    public AddressQuota(int max) {
        if (max < 1) throw new IllegalArgumentException("max < 1: " + max);
        this.max = max;
    }

    /** Counts a new association from {@code source}; false (and nothing counted) when it holds the maximum. */
    public boolean acquire(InetAddress source) {
        int n = open.getOrDefault(source, 0);
        if (n >= max) return false;
        open.put(source, n + 1);
        return true;
    }

    /** An association counted by {@link #acquire} is gone. */
    public void release(InetAddress source) {
        open.computeIfPresent(source, (a, n) -> n <= 1 ? null : n - 1);
    }

    public int count(InetAddress source) {
        return open.getOrDefault(source, 0);
    }

    public int max() {
        return max;
    }
}
