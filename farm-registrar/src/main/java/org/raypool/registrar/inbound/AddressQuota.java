package org.raypool.registrar.inbound;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Associations per source address (docs/protocol/registrar-behaviour.md §3.9): one host may hold at most
 * {@code max} associations on an endpoint at a time. Pure; the inbound path calls it under its own lock.
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
}
