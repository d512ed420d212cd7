package org.raypool.submit.dispatch;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory;

/**
 * The workers an attempt should not get, by PE identifier: {@code forJob}, those that failed this job in any way
 * (busy, lost, broken session, worker-side render failure); {@code forBatch}, those that failed some job of the batch
 * for worker-side reasons and are not given another job of it.
 */
public record AvoidedWorkers(Set<Integer> forJob, Set<Integer> forBatch) {

    public static final AvoidedWorkers NONE = new AvoidedWorkers(Set.of(), Set.of());

    public AvoidedWorkers {
        forJob = Set.copyOf(forJob);
        forBatch = Set.copyOf(forBatch);
    }

    public Set<Integer> all() {
        Set<Integer> all = new HashSet<>(forJob);
        all.addAll(forBatch);
        return Set.copyOf(all);
    }

    /**
     * A worker for the attempt, or empty when the registrar offers only workers bad for the batch. The directory
     * falls back to its first choice when every worker it offers is avoided; a worker avoided for this job alone
     * (busy or lost before) is then still better than one that fails the batch's jobs, so the pick is repeated
     * avoiding those only.
     */
    public Optional<Worker> pick(WorkerDirectory directory) throws IOException, InterruptedException {
        Worker worker = directory.pick(all());
        if (!forBatch.contains(worker.identifier())) return Optional.of(worker);
        if (!forJob.isEmpty()) worker = directory.pick(forBatch);
        return forBatch.contains(worker.identifier()) ? Optional.empty() : Optional.of(worker);
    }
}
