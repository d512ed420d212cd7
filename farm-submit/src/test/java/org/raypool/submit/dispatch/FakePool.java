package org.raypool.submit.dispatch;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory;

/**
 * A pool in memory, for scripted attempts: the registrar's choice is the pool's order, and {@link #pick} keeps the
 * {@link WorkerDirectory} contract (the first worker not avoided; the first of all when every one is).
 */
final class FakePool implements WorkerDirectory {
    private final List<Worker> workers;
    final AtomicInteger picks = new AtomicInteger();

    FakePool(int... identifiers) {
        this.workers = java.util.Arrays.stream(identifiers).mapToObj(FakePool::worker).toList();
    }

    static Worker worker(int id) {
        return new Worker(id, List.of(new InetSocketAddress("127.0.0.1", 40000 + id)), "tcp");
    }

    @Override
    public Worker pick(Set<Integer> avoid) {
        picks.incrementAndGet();
        return workers.stream().filter(w -> !avoid.contains(w.identifier())).findFirst().orElse(workers.get(0));
    }

    @Override
    public List<PoolMember> members() {
        return workers.stream().map(w -> new PoolMember(w, 1)).toList();
    }

    @Override
    public void reportUnreachable(Worker worker) {}

    @Override
    public void close() {}
}
