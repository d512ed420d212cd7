package org.raypool.registrar.handlespace;

import java.util.Comparator;
import java.util.OptionalLong;
import org.raypool.registrar.handlespace.policy.Selectable;
import org.raypool.registrar.handlespace.policy.SelectionState;

/**
 * A pool element as the handlespace holds it: the registered data plus registrar-local state
 * (selection state, unreachability count, expiry deadline, table-sync mark). Read it freely on the
 * event-loop thread; only {@link Handlespace} changes it.
 *
 * @param <T> the registrar's transport record type
 */
public final class PoolElementEntry<T> implements Selectable {

    /** Handlespace order: pool handle, then PE identifier (unsigned). */
    public static final Comparator<PoolElementEntry<?>> BY_POOL_AND_IDENTIFIER = (a, b) -> {
        int c = a.poolHandle.compareTo(b.poolHandle);
        return c != 0 ? c : Integer.compareUnsigned(a.identifier, b.identifier);
    };

    private final PoolHandle poolHandle;
    private final int identifier;
    private final long checksumSum;
    private final SelectionState selection;

    int homeRegistrarId;
    long registrationLifeMillis;
    TransportProtocol userTransportProtocol;
    boolean controlChannel;
    T userTransport;
    T asapTransport;
    Object connection;
    int unreachableReports;
    boolean expiryScheduled;
    long expiryDeadline;
    boolean marked;
    boolean registered = true;

    PoolElementEntry(PoolHandle poolHandle, PoolElement<T> element, Object connection) {
        this.poolHandle = poolHandle;
        this.identifier = element.identifier();
        this.checksumSum = HandlespaceChecksum.entrySum(poolHandle, identifier);
        this.selection = new SelectionState(element.policy());
        this.connection = connection;
        copyFrom(element);
    }

    void copyFrom(PoolElement<T> element) {
        homeRegistrarId = element.homeRegistrarId();
        registrationLifeMillis = element.registrationLifeMillis();
        userTransportProtocol = element.userTransportProtocol();
        controlChannel = element.controlChannel();
        userTransport = element.userTransport();
        asapTransport = element.asapTransport();
    }

    public PoolHandle poolHandle() {
        return poolHandle;
    }

    public int identifier() {
        return identifier;
    }

    public int homeRegistrarId() {
        return homeRegistrarId;
    }

    public boolean isOwnedBy(int registrarId) {
        return homeRegistrarId == registrarId;
    }

    public long registrationLifeMillis() {
        return registrationLifeMillis;
    }

    public TransportProtocol userTransportProtocol() {
        return userTransportProtocol;
    }

    /** Transport Use = 1. */
    public boolean controlChannel() {
        return controlChannel;
    }

    public T userTransport() {
        return userTransport;
    }

    /** May be null. */
    public T asapTransport() {
        return asapTransport;
    }

    /** The association that registered the entry, or null (learned via ENRP). */
    public Object connection() {
        return connection;
    }

    public PolicySettings policy() {
        return selection.settings();
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
        return unreachableReports;
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

    /** This PE's unfolded checksum words (wire §4.10). */
    public long checksumSum() {
        return checksumSum;
    }

    /** The registered data, e.g. to encode a Handle Update. */
    public PoolElement<T> toPoolElement() {
        return new PoolElement<>(identifier, homeRegistrarId, registrationLifeMillis,
                userTransportProtocol, controlChannel, userTransport, asapTransport, policy());
    }

    @Override
    public String toString() {
        return String.format("%s/$%08x[home=$%08x %s]", poolHandle, identifier, homeRegistrarId, policy());
    }
}
