package org.raypool.asap;

/**
 * A client's association with its registrar, as status reports show it.
 *
 * @param registrarIdentifier the registrar's ID, 0 until it is known (from the announces or a keep-alive)
 * @param connectedAtNanos    {@link System#nanoTime()} when the association was made
 */
public record RegistrarConnection(int registrarIdentifier, long connectedAtNanos) {
    /** Microseconds since the association was made. */
    public long ageMicros() {
        return Math.max(0, (System.nanoTime() - connectedAtNanos) / 1000);
    }
}
