package org.raypool.submit.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory.PoolMember;

/**
 * The pool's free session slots as farm-submit knows them: each worker's capacity and the sessions other pool
 * users run there, from the last handle resolution (farm-worker registers Least Used with Degradation, degradation
 * 1/maxSessions, load = busy sessions × degradation), minus the sessions we run ourselves, which we count exactly.
 * The dispatcher opens exactly as many sessions as there are free slots, each to a worker with a free slot.
 *
 * <p>Rules:
 * <ul>
 * <li>Other users' sessions on a worker = its registered busy sessions minus ours there (those running, and those
 *     that ended within {@link #SETTLE} before the resolution: the worker's load update may not have reached the
 *     registrar yet). A worker whose policy gives no load counts as 1 slot, 0 busy.</li>
 * <li>A worker that answers Not Ready within {@link #SETTLE} after our own session there ended has not released
 *     that slot yet (farm-worker, like RSPLIB's PE, frees it only after cleaning the session up, ~20 ms after the
 *     last Download): it is tried again after {@link #RELEASE_GRACE}, without a resolution.</li>
 * <li>A worker that answered Not Ready otherwise is full until a resolution at least {@link #NOT_READY_HOLD} later: its
 *     registered load was wrong (a foreign policy, or a session that began after the load update), and a short hold
 *     keeps us from knocking every {@link #RESOLUTION_INTERVAL} at a worker whose load never tells.</li>
 * <li>A worker we lost (connection reset or closed, keep-alive timeout, connect failure) gets no session for
 *     {@link #LOST_HOLD}, however often the registrar still lists it: one Endpoint Unreachable report does not remove
 *     it (the registrar's -maxbadpereports), and its registration outlives it until its lifetime ends.</li>
 * <li>Handle resolution is asked for only while work waits and no slot is known free, at most once per
 *     {@link #RESOLUTION_INTERVAL}: ASAP has no "a worker joined" notification, so this is how a worker that joins
 *     the pool gets a job within 0.5 s (interval + one resolution + the session's connect). It costs one small
 *     request per interval to a registrar that answers ~60 000 a second, and only while jobs queue for a full
 *     pool; a slot of our own that frees needs no resolution at all.</li>
 * </ul>
 * No clock, no locks: time comes in as milliseconds of any monotonic clock; one thread.
 */
public final class SlotBook {
    /** How often the pool is resolved while work waits and no slot is known free. */
    public static final Duration RESOLUTION_INTERVAL = Duration.ofMillis(200);
    /** How long our own ended sessions may still show in a worker's registered load. */
    public static final Duration SETTLE = Duration.ofMillis(1_000);
    /** How long a Not Ready answer keeps a worker full at least. */
    public static final Duration NOT_READY_HOLD = Duration.ofMillis(1_000);
    /** How long a worker that still holds the slot of our session that just ended is given to release it. */
    public static final Duration RELEASE_GRACE = Duration.ofMillis(25);
    /** How long a lost worker gets no session. */
    public static final Duration LOST_HOLD = Duration.ofSeconds(30);

    private record Entry(Worker worker, int capacity, int others) {}

    private List<Entry> pool = List.of();
    private boolean resolvedOnce;
    private final Map<Integer, Integer> own = new HashMap<>();
    private final Map<Integer, Deque<Long>> ended = new HashMap<>();
    private final Map<Integer, Long> notReadyAt = new HashMap<>();
    private final Map<Integer, Long> lostAt = new HashMap<>();
    private final Map<Integer, Long> graceUntil = new HashMap<>();
    private boolean resolving;
    private long lastResolution;
    private boolean everResolving;

    /** The last resolution's answer (empty: the pool has no worker at the registrar). */
    public void resolved(List<PoolMember> members, long now) {
        resolving = false;
        resolvedOnce = true;
        List<Entry> entries = new ArrayList<>();
        for (PoolMember m : members) {
            int id = m.worker().identifier();
            int ours = own.getOrDefault(id, 0) + recentlyEnded(id, now);
            entries.add(new Entry(m.worker(), Math.max(1, m.sessions()), Math.max(0, m.busy() - ours)));
        }
        pool = List.copyOf(entries);
        notReadyAt.values().removeIf(at -> now - at >= NOT_READY_HOLD.toMillis());
    }

    /** The resolution failed (no registrar answered): what we knew stays. */
    public void resolutionFailed() {
        resolving = false;
    }

    /** A resolution has been asked for at {@code now}. */
    public void resolving(long now) {
        resolving = true;
        everResolving = true;
        lastResolution = now;
    }

    /** Whether a resolution should start now: work waits ({@code wanted}), no slot is free, none runs, not too soon. */
    public boolean resolutionDue(boolean wanted, long now) {
        return wanted && !resolving && (!everResolving || now >= lastResolution + RESOLUTION_INTERVAL.toMillis());
    }

    /** When the next resolution may start; Long.MAX_VALUE while one runs (its answer comes as an event). */
    public long nextResolution() {
        return resolving ? Long.MAX_VALUE : lastResolution + RESOLUTION_INTERVAL.toMillis();
    }

    /** True once a resolution has answered and found no worker, and none answered since. */
    public boolean poolEmpty() {
        return resolvedOnce && pool.isEmpty();
    }

    /** Our session with {@code worker} has begun. */
    public void opened(Worker worker) {
        own.merge(worker.identifier(), 1, Integer::sum);
    }

    /**
     * Our session with worker {@code identifier} has ended, however: its slot is free again. {@code heldSlot}: the
     * worker had taken it (false for a Not Ready answer, which the worker's load never showed).
     */
    public void closed(int identifier, long now, boolean heldSlot) {
        own.computeIfPresent(identifier, (k, n) -> n <= 1 ? null : n - 1);
        if (!heldSlot) return;
        Deque<Long> times = ended.computeIfAbsent(identifier, k -> new ArrayDeque<>());
        times.addLast(now);
        while (times.size() > 64) times.removeFirst();
    }

    /**
     * Worker {@code identifier} answered Not Ready: it is releasing the slot of our session that just ended (tried
     * again shortly), or it is full until a later resolution says otherwise.
     */
    public void notReady(int identifier, long now) {
        Deque<Long> times = ended.get(identifier);
        if (times != null && !times.isEmpty() && now - times.peekLast() < SETTLE.toMillis()) {
            graceUntil.put(identifier, now + RELEASE_GRACE.toMillis());
        } else {
            notReadyAt.put(identifier, now);
        }
    }

    /** When a worker given {@link #RELEASE_GRACE} may be tried again (the earliest), or Long.MAX_VALUE. */
    public long nextRelease(long now) {
        graceUntil.values().removeIf(until -> until <= now);
        return graceUntil.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    /** We lost worker {@code identifier} (reset, closed, silent, unreachable). */
    public void lost(int identifier, long now) {
        lostAt.put(identifier, now);
    }

    /** Free slots on {@code entry}'s worker now, 0 while it is held full or lost. */
    private int free(Entry entry, long now) {
        int id = entry.worker().identifier();
        if (notReadyAt.containsKey(id)) return 0;
        Long grace = graceUntil.get(id);
        if (grace != null && now < grace) return 0;
        Long lost = lostAt.get(id);
        if (lost != null && now - lost < LOST_HOLD.toMillis()) return 0;
        return Math.max(0, entry.capacity() - entry.others() - own.getOrDefault(id, 0));
    }

    /** Free slots in the pool now, on workers not in {@code never}. */
    public int freeSlots(Set<Integer> never, long now) {
        int free = 0;
        for (Entry e : pool) {
            if (!never.contains(e.worker().identifier())) free += free(e, now);
        }
        return free;
    }

    /**
     * The worker for a job's next session: one with a free slot, never one in {@code never} (failed the batch for
     * worker-side reasons), preferably not one in {@code avoid} (failed this job before); among those the one with
     * the most free slots, the registrar's order breaking ties. Empty when no slot is free.
     */
    public Optional<Worker> place(Set<Integer> avoid, Set<Integer> never, long now) {
        Entry best = null;
        int bestFree = 0;
        boolean bestAvoided = true;
        for (Entry e : pool) {
            int id = e.worker().identifier();
            int free = free(e, now);
            if (free == 0 || never.contains(id)) continue;
            boolean avoided = avoid.contains(id);
            if (best == null || (bestAvoided && !avoided) || (avoided == bestAvoided && free > bestFree)) {
                best = e;
                bestFree = free;
                bestAvoided = avoided;
            }
        }
        return Optional.ofNullable(best).map(Entry::worker);
    }

    /** True when the last resolution listed workers and every one of them is in {@code never}. */
    public boolean onlyWorkersIn(Set<Integer> never) {
        return !pool.isEmpty() && pool.stream().allMatch(e -> never.contains(e.worker().identifier()));
    }

    private int recentlyEnded(int identifier, long now) {
        Deque<Long> times = ended.get(identifier);
        if (times == null) return 0;
        times.removeIf(t -> now - t > SETTLE.toMillis());
        return times.size();
    }
}
