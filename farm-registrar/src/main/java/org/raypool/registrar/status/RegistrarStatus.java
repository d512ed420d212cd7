package org.raypool.registrar.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.Pool;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.registrar.status.RegistrarSnapshot.ElementStatus;
import org.raypool.registrar.status.RegistrarSnapshot.PeerStatus;
import org.raypool.registrar.status.RegistrarSnapshot.PoolStatus;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TransportParameter;

/**
 * Takes {@link RegistrarSnapshot}s: the copy is made by a task on the event loop, which owns the handlespace, and
 * the caller waits for it. Never called on the loop itself.
 */
public final class RegistrarStatus {
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(5);

    private final int identifier;
    private final String transport;
    private final Supplier<String> asap;
    private final EventLoop loop;
    private final Handlespace handlespace;
    private final RegistrarMetrics metrics;
    private final long startNanos = System.nanoTime();
    private volatile Supplier<List<PeerStatus>> peers = List::of;

    public RegistrarStatus(int identifier, String transport, Supplier<String> asap, EventLoop loop,
            Handlespace handlespace, RegistrarMetrics metrics) {
        this.identifier = identifier;
        this.transport = transport;
        this.asap = asap;
        this.loop = loop;
        this.handlespace = handlespace;
        this.metrics = metrics;
    }

    /** Where the ENRP peer table comes from (called on the loop); none until ENRP is there. */
    public void peers(Supplier<List<PeerStatus>> source) {
        peers = source;
    }

    public int identifier() {
        return identifier;
    }

    public String transport() {
        return transport;
    }

    public RegistrarMetrics metrics() {
        return metrics;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The state now, copied on the event loop. */
    public RegistrarSnapshot snapshot() {
        return loop.call(this::copyOnLoop, WAIT);
    }

    private RegistrarSnapshot copyOnLoop() {
        long now = System.nanoTime();
        List<PoolStatus> pools = new ArrayList<>();
        Set<RegistrarMetrics.ElementKey> present = new HashSet<>();
        List<Pool> sorted = handlespace.pools().stream()
                .sorted((a, b) -> a.handle().toString().compareTo(b.handle().toString())).toList();
        for (Pool pool : sorted) {
            List<ElementStatus> elements = new ArrayList<>();
            for (PoolElementEntry entry : pool.entries()) {
                present.add(new RegistrarMetrics.ElementKey(pool.handle(), entry.identifier()));
                elements.add(element(entry, now));
            }
            pools.add(new PoolStatus(pool.handle().toString(), pool.policyType().rsplibName(),
                    pool.userTransportType().displayName(), elements));
        }
        metrics.retainOnly(present);
        return new RegistrarSnapshot(hex(identifier), transport, asap.get(), (now - startNanos) / 1_000_000, pools,
                peers.get());
    }

    private ElementStatus element(PoolElementEntry entry, long now) {
        PoolElement pe = entry.poolElement();
        PoolMemberSelectionPolicy policy = pe.policy();
        Double load = policy.has(PolicyType.Word.LOAD)
                ? PoolMemberSelectionPolicy.toFraction(policy.word(PolicyType.Word.LOAD)) : null;
        return new ElementStatus(hex(entry.identifier()), address(pe.userTransport()), policy.type().rsplibName(),
                load, hex(entry.homeRegistrarId()), entry.isOwnedBy(identifier), null,
                metrics.lastAliveMs(entry.poolHandle(), entry.identifier(), now));
    }

    static String address(TransportParameter transport) {
        String hosts = transport.addresses().stream().map(a -> a.getHostAddress()).collect(Collectors.joining(","));
        return (transport.addresses().size() > 1 ? "{" + hosts + "}" : hosts) + ":" + transport.port();
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }
}
