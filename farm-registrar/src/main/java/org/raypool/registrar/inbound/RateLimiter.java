package org.raypool.registrar.inbound;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RSPLIB's per-PU rate check of Handle Resolutions ({@code -maxhrrate}) and Endpoint Unreachables
 * ({@code -maxeurate}), docs/protocol/registrar-behaviour.md §3.9: for each client (RSPLIB: the PU's association)
 * and subject (the pool handle; for a report the pool handle and PE identifier) the times of the last
 * {@value #WINDOW} requests are kept; a request is allowed while the rate over that window, in requests per second,
 * is at most the threshold. A negative threshold means unlimited (RSPLIB's default, -1). No clock: time is passed in.
 */
public final class RateLimiter {
    /** Time stamps kept per client and subject (RSPLIB's TSHT_ENTRIES). */
    public static final int WINDOW = 16;
    /** Subjects remembered per client; the oldest is forgotten beyond that (bounded memory per client). */
    static final int SUBJECTS_PER_CLIENT = 64;

    private final double maxPerSecond;
    private final Map<Object, Map<Object, ArrayDeque<Long>>> clients = new HashMap<>();

    /** @param maxPerSecond the threshold in requests per second; negative = unlimited */
    public RateLimiter(double maxPerSecond) {
        if (Double.isNaN(maxPerSecond)) throw new IllegalArgumentException("rate is NaN");
        this.maxPerSecond = maxPerSecond;
    }

    public boolean unlimited() {
        return maxPerSecond < 0;
    }

    /**
     * Notes a request of {@code client} about {@code subject} at {@code nowMillis}.
     *
     * @return true if it is allowed
     */
    public boolean allow(Object client, Object subject, long nowMillis) {
        if (unlimited()) return true;
        ArrayDeque<Long> stamps = clients.computeIfAbsent(client, c -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, ArrayDeque<Long>> eldest) {
                return size() > SUBJECTS_PER_CLIENT;
            }
        }).computeIfAbsent(subject, s -> new ArrayDeque<>(WINDOW));
        stamps.addLast(nowMillis);
        if (stamps.size() > WINDOW) stamps.removeFirst();
        return rate(stamps) <= maxPerSecond;
    }

    /** Requests per second over the window: (n - 1) intervals over its span; 0 for a single request. */
    static double rate(ArrayDeque<Long> stamps) {
        if (stamps.size() < 2) return 0;
        long span = Math.max(1, stamps.peekLast() - stamps.peekFirst());
        return (stamps.size() - 1) * 1000.0 / span;
    }

    /** The client is gone (its association closed): forget it. */
    public void forget(Object client) {
        clients.remove(client);
    }
}
