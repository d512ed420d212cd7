package org.raypool.submit.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * registrar §7): every pick asks the registrar, so its selection policy sees every session. A pick asks for one
 * pool element, as RSPLIB does, unless workers are to be avoided: then for one more than there are to avoid, so
 * that the registrar's list can hold another one.
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
    public Worker pick(Set<Integer> avoid) throws IOException, InterruptedException {
        int items = Math.min(MAX_ITEMS, avoid.size() + 1);
        List<PoolElement> offered = resolver.resolve(pool, items, timeout);
        for (PoolElement pe : offered) {
            if (!avoid.contains(pe.identifier())) return worker(pe);
        }
        return worker(offered.get(0));
    }

    @Override
    public List<PoolMember> members() throws IOException, InterruptedException {
        List<PoolMember> members = new ArrayList<>();
        for (PoolElement pe : resolver.resolve(pool, MAX_ITEMS, timeout)) {
            members.add(new PoolMember(worker(pe), sessions(pe.policy())));
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
