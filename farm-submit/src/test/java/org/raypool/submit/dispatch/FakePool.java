package org.raypool.submit.dispatch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.UnknownPoolException;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory;

/**
 * A pool in memory, for scripted attempts: handle resolution returns its members in order (each with its sessions
 * and the sessions other users run there); workers may join while the batch runs; lost ones reported are recorded.
 */
final class FakePool implements WorkerDirectory {
    private final List<PoolMember> members = new CopyOnWriteArrayList<>();
    final List<Worker> reported = new CopyOnWriteArrayList<>();
    final AtomicInteger resolutions = new AtomicInteger();
    volatile boolean noRegistrar;

    FakePool(int... identifiers) {
        for (int id : identifiers) add(id, 1, 0);
    }

    static Worker worker(int id) {
        return new Worker(id, List.of(new InetSocketAddress("127.0.0.1", 40000 + id)), "tcp");
    }

    /** A worker registers: {@code sessions} slots, {@code busy} of them taken by other users. */
    FakePool add(int id, int sessions, int busy) {
        members.add(new PoolMember(worker(id), sessions, busy));
        return this;
    }

    @Override
    public List<PoolMember> members() throws IOException {
        resolutions.incrementAndGet();
        if (noRegistrar) throw new NoRegistrarException("no registrar reachable: [/127.0.0.1:9]: refused");
        if (members.isEmpty()) throw new UnknownPoolException("pool 'ScriptingPool' is empty");
        return new ArrayList<>(members);
    }

    @Override
    public void reportUnreachable(Worker worker) {
        reported.add(worker);
    }

    @Override
    public void close() {}
}
