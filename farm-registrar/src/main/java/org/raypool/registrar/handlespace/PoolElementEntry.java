package org.raypool.registrar.handlespace;

import java.util.Comparator;
import java.util.OptionalLong;
import org.raypool.registrar.handlespace.policy.Selectable;
import org.raypool.registrar.handlespace.policy.SelectionState;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;

/**
 * A pool element as the handlespace holds it: the registered wire {@link PoolElement} plus
 * registrar-local state (selection state, unreachability count, expiry deadline, table-sync mark).
 * Read it freely on the event-loop thread; only {@link Handlespace} changes it.
 */
public final class PoolElementEntry implements Selectable {

    /** Handlespace order: pool handle, then PE identifier (unsigned). */
    public static final Comparator<PoolElementEntry> BY_POOL_AND_IDENTIFIER = (a, b) -> {
        int c = a.poolHandle.compareTo(b.poolHandle);
        return c != 0 ? c : Integer.compareUnsigned(a.identifier, b.identifier);
    };

    private final PoolHandle poolHandle;
    private final int identifier;
    private final int checksumSum;
    private final SelectionState selection;

    /** As registered, with the current home registrar (takeover changes it). */
    PoolElement element;
    Object connection;
    /** The distinct clients that reported it unreachable (at most maxBadPeReports - 1 while it is here). */
    final java.util.Set<Object> unreachableReporters = new java.util.HashSet<>();
    boolean expiryScheduled;
    long expiryDeadline;
    boolean marked;
    boolean registered = true;

    PoolElementEntry(PoolHandle poolHandle, PoolElement element, Object connection) {
        this.poolHandle = poolHandle;
        this.identifier = element.identifier();
        this.checksumSum = PeChecksum.sumOf(poolHandle, identifier);
        this.selection = new SelectionState(element.policy());
        this.element = element;
        this.connection = connection;
    }

    public PoolHandle poolHandle() {
        return poolHandle;
    }

    public int identifier() {
        return identifier;
    }

    public int homeRegistrarId() {
        return element.homeRegistrarIdentifier();
    }

    public boolean isOwnedBy(int registrarId) {
        return homeRegistrarId() == registrarId;
    }

    /**
     * The PE as currently stored, e.g. to encode a Handle Update or a Handle Resolution Response:
     * the last registration or update (its policy values, registration life, transports; the ASAP
     * transport as given, possibly absent) with the current home registrar.
     */
    public PoolElement poolElement() {
        return element;
    }

    /** The association that registered the entry, or null (learned via ENRP). */
    public Object connection() {
        return connection;
    }

    @Override
    public SelectionState selectionState() {
        return selection;
    }

    public long seqNumber() {
        return selection.seqNumber();
    }

    public long degradation() {
        return selection.degradation();
    }

    /** Weighted round robin: the round the entry is in. */
    public long roundCounter() {
        return selection.roundCounter();
    }

    /** Weighted round robin: selections left in the current round. */
    public long virtualCounter() {
        return selection.virtualCounter();
    }

    public long selectionCounter() {
        return selection.selectionCounter();
    }

    /** Endpoint Unreachable reports received while the entry lived. */
    public int unreachableReports() {
        return unreachableReporters.size();
    }

    /** When the entry expires unless refreshed (foreign entries only). */
    public OptionalLong expiryDeadline() {
        return expiryScheduled ? OptionalLong.of(expiryDeadline) : OptionalLong.empty();
    }

    /** Marked for purging at the end of a table synchronisation. */
    public boolean isMarked() {
        return marked;
    }

    /** False once removed from the handlespace. */
    public boolean isRegistered() {
        return registered;
    }

    /** This PE's unfolded checksum words ({@link PeChecksum#sumOf}, docs/protocol/asap-enrp-wire.md §4.10). */
    public int checksumSum() {
        return checksumSum;
    }

    @Override
    public String toString() {
        return String.format("%s/$%08x[home=$%08x %s]", poolHandle, identifier, homeRegistrarId(), element.policy());
    }
}
