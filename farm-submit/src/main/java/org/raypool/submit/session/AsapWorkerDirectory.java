package org.raypool.submit.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.transport.Transport;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;

/**
 * Handle resolution through the ASAP client library with the Scripting client's stale-cache value 0 (spec
 * registrar §7): every resolution asks the registrar for the whole pool (up to 128 elements), whose policies tell
 * farm-submit's dispatcher each worker's free sessions.
 */
public final class AsapWorkerDirectory implements WorkerDirectory {
    private static final int MAX_ITEMS = 128;

    private final HandleResolver resolver;
    private final PoolHandle pool;
    private final Duration timeout;

    public AsapWorkerDirectory(AsapClientConfig config, Transport transport, PoolHandle pool, Duration timeout)
            throws IOException {
        this.resolver = new HandleResolver(config, transport, Duration.ZERO);
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public List<PoolMember> members() throws IOException, InterruptedException {
        List<PoolMember> members = new ArrayList<>();
        for (PoolElement pe : resolver.resolve(pool, MAX_ITEMS, timeout)) {
            members.add(new PoolMember(worker(pe), sessions(pe.policy()), busy(pe.policy())));
        }
        return members;
    }

    /** 1 / LoadDegradation for the Least-Used-with-Degradation family (spec scripting §5.4), else 1. */
    static int sessions(PoolMemberSelectionPolicy policy) {
        if (!policy.has(PolicyType.Word.LOAD_DEGRADATION)) return 1;
        long degradation = policy.word(PolicyType.Word.LOAD_DEGRADATION);
        if (degradation <= 0) return 1;
        long sessions = Math.round((double) PoolMemberSelectionPolicy.MAX_FRACTION / degradation);
        return (int) Math.max(1, Math.min(64, sessions));
    }

    /** The sessions a worker runs now: load / degradation for the same family, else 0 (unknown). */
    static int busy(PoolMemberSelectionPolicy policy) {
        if (!policy.has(PolicyType.Word.LOAD_DEGRADATION) || !policy.has(PolicyType.Word.LOAD)) return 0;
        long degradation = policy.word(PolicyType.Word.LOAD_DEGRADATION);
        if (degradation <= 0) return 0;
        return (int) Math.max(0, Math.min(64, Math.round((double) policy.word(PolicyType.Word.LOAD) / degradation)));
    }

    static Worker worker(PoolElement pe) {
        TransportParameter t = pe.userTransport();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetAddress address : t.addresses()) addresses.add(new InetSocketAddress(address, t.port()));
        String transport = t instanceof SctpTransport ? "sctp" : t instanceof TcpTransport ? "tcp" : "unsupported";
        return new Worker(pe.identifier(), addresses, transport);
    }

    @Override
    public void reportUnreachable(Worker worker) {
        resolver.reportUnreachable(pool, worker.identifier());
    }

    @Override
    public java.util.Optional<org.raypool.asap.RegistrarConnection> registrar() {
        return resolver.registrar();
    }

    @Override
    public void close() {
        resolver.close();
    }
}
