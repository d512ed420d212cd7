package org.raypool.submit.session;

import java.io.IOException;
import java.util.List;

/** Where sessions find workers: handle resolution for the pool, and failure reports back to the registrar. */
public interface WorkerDirectory extends AutoCloseable {

    /**
     * Every worker of the pool (up to 128) in the registrar's order of choice, with its sessions: one handle
     * resolution.
     *
     * @throws org.raypool.asap.NoRegistrarException  no registrar answered (the message names those tried)
     * @throws org.raypool.asap.UnknownPoolException  the pool has no workers at the registrar
     */
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
     * A worker, the number of sessions it takes at once and the number it runs now, as far as its registration
     * tells: the Scripting Service's default policy, Least Used with Degradation 1/MaxThreads, gives both away
     * (load / degradation = busy sessions, farm-worker's LoadPolicy); for any other policy 1 session, 0 busy, and
     * only a Not Ready answer says it is full.
     */
    record PoolMember(Worker worker, int sessions, int busy) {
        public PoolMember(Worker worker, int sessions) {
            this(worker, sessions, 0);
        }
    }
}
