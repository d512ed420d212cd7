package org.raypool.submit.session;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Where sessions find workers: handle resolution for the pool, and failure reports back to the registrar. */
public interface WorkerDirectory extends AutoCloseable {

    /**
     * A worker for the next session. Workers in {@code avoid} are passed over while the registrar offers
     * another one; when it offers only those, its first choice is taken after all.
     *
     * @throws org.raypool.asap.NoRegistrarException  no registrar answered (the message names those tried)
     * @throws org.raypool.asap.UnknownPoolException  the pool has no workers at the registrar
     */
    Worker pick(Set<Integer> avoid) throws IOException, InterruptedException;

    /** Every worker of the pool (up to 128), for sizing the number of parallel sessions. */
    List<PoolMember> members() throws IOException, InterruptedException;

    /** Tells the registrar that {@code worker} could not be used (ASAP Endpoint Unreachable). */
    void reportUnreachable(Worker worker);

    /** The registrar association, for status reports; empty while there is none (or no registrar is used). */
    default java.util.Optional<org.raypool.asap.RegistrarConnection> registrar() {
        return java.util.Optional.empty();
    }

    @Override
    void close();

    /**
     * A worker and the number of sessions it takes at once, as far as its registration tells (the Scripting
     * Service's default policy, Least Used with Degradation 1/MaxThreads, gives it away; otherwise 1).
     */
    record PoolMember(Worker worker, int sessions) {}
}
