package org.raypool.registrar.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.raypool.cli.http.LatencyHistogram;
import org.raypool.cli.http.PrometheusText;
import org.raypool.registrar.asap.AsapServer;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.param.PoolHandle;

/**
 * The registrar's counters, fed by the ASAP server on the event loop and read from anywhere; also when each PE
 * last showed it was alive, for the status page.
 */
public final class RegistrarMetrics implements AsapServer.Observer {
    private final LongAdder registrationsAccepted = new LongAdder();
    private final LongAdder registrationsRejected = new LongAdder();
    private final LongAdder resolutionsFound = new LongAdder();
    private final LongAdder resolutionsUnknown = new LongAdder();
    private final LongAdder keepAliveFailures = new LongAdder();
    private final LongAdder takeovers = new LongAdder();
    private final LatencyHistogram requests = new LatencyHistogram();
    private final Map<ElementKey, Long> lastAlive = new ConcurrentHashMap<>();

    record ElementKey(PoolHandle poolHandle, int identifier) {}

    @Override
    public void registration(PoolHandle poolHandle, int identifier, boolean accepted) {
        (accepted ? registrationsAccepted : registrationsRejected).increment();
        if (accepted) lastAlive.put(new ElementKey(poolHandle, identifier), System.nanoTime());
    }

    @Override
    public void resolution(PoolHandle poolHandle, boolean found) {
        (found ? resolutionsFound : resolutionsUnknown).increment();
    }

    @Override
    public void keepAliveAcknowledged(PoolHandle poolHandle, int identifier) {
        lastAlive.put(new ElementKey(poolHandle, identifier), System.nanoTime());
    }

    @Override
    public void keepAliveFailed(PoolHandle poolHandle, int identifier) {
        keepAliveFailures.increment();
    }

    @Override
    public void handled(AsapMessage request, long nanos) {
        requests.record(nanos);
    }

    /** A takeover of a dead peer's PEs (ENRP, issue 6). */
    public void takeover() {
        takeovers.increment();
    }

    /** Milliseconds since the PE last showed it was alive, null if never; forgets PEs not in {@code present}. */
    Long lastAliveMs(PoolHandle poolHandle, int identifier, long nowNanos) {
        Long at = lastAlive.get(new ElementKey(poolHandle, identifier));
        return at == null ? null : Math.max(0, (nowNanos - at) / 1_000_000);
    }

    void retainOnly(java.util.Set<ElementKey> present) {
        lastAlive.keySet().retainAll(present);
    }

    /** {@code /metrics}: the counters, and the pool sizes of {@code snapshot}. */
    public String prometheus(RegistrarSnapshot snapshot) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        snapshot.pools().forEach(p -> sizes.put(p.handle(), p.elements().size()));
        return new PrometheusText()
                .counter("raypool_registrar_registrations_total", "ASAP registrations and re-registrations.",
                        "result", ordered("accepted", registrationsAccepted.sum(), "rejected",
                                registrationsRejected.sum()))
                .counter("raypool_registrar_handle_resolutions_total", "ASAP handle resolutions.", "result",
                        ordered("found", resolutionsFound.sum(), "unknown_pool", resolutionsUnknown.sum()))
                .counter("raypool_registrar_keep_alive_failures_total",
                        "Endpoint Keep-Alives a PE did not acknowledge in time (its association is aborted).",
                        keepAliveFailures.sum())
                .counter("raypool_registrar_takeovers_total", "PEs of a dead ENRP peer taken over.", takeovers.sum())
                .gauge("raypool_registrar_pools", "Pools in the handlespace.", snapshot.pools().size())
                .gauge("raypool_registrar_pool_elements", "Pool elements per pool.", "pool", sizes)
                .gauge("raypool_registrar_enrp_peers", "ENRP peers known.", snapshot.peers().size())
                .histogram("raypool_registrar_request_duration_seconds",
                        "From an ASAP request's arrival to the end of its handling on the event loop.",
                        requests.snapshot())
                .toString();
    }

    private static Map<String, Long> ordered(String k1, long v1, String k2, long v2) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
