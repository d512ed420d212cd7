package org.raypool.registrar.handlespace;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeMap;
import org.raypool.registrar.handlespace.policy.PoolSelection;

/**
 * A pool: its handle, the policy type, user-transport protocol and control-channel flag fixed by
 * its first PE, and its PEs. A pool exists exactly as long as it has PEs.
 *
 * @param <T> the registrar's transport record type
 */
public final class Pool<T> {

    private final PoolHandle handle;
    private final PolicyType policyType;
    private final TransportProtocol userTransportProtocol;
    private final boolean controlChannel;
    private final TreeMap<Integer, PoolElementEntry<T>> index = new TreeMap<>(Integer::compareUnsigned);
    private final Collection<PoolElementEntry<T>> entriesView = Collections.unmodifiableCollection(index.values());
    final PoolSelection<PoolElementEntry<T>> selection;

    Pool(PoolHandle handle, PolicyType policyType, TransportProtocol userTransportProtocol,
         boolean controlChannel, PoolSelection<PoolElementEntry<T>> selection) {
        this.handle = handle;
        this.policyType = policyType;
        this.userTransportProtocol = userTransportProtocol;
        this.controlChannel = controlChannel;
        this.selection = selection;
    }

    public PoolHandle handle() {
        return handle;
    }

    public PolicyType policyType() {
        return policyType;
    }

    public TransportProtocol userTransportProtocol() {
        return userTransportProtocol;
    }

    /** Transport Use = 1 for every PE of the pool. */
    public boolean controlChannel() {
        return controlChannel;
    }

    public int size() {
        return index.size();
    }

    /** The PEs by identifier (unsigned); a live view, do not change the handlespace while iterating. */
    public Collection<PoolElementEntry<T>> entries() {
        return entriesView;
    }

    public Optional<PoolElementEntry<T>> entry(int identifier) {
        return Optional.ofNullable(index.get(identifier));
    }

    PoolElementEntry<T> get(int identifier) {
        return index.get(identifier);
    }

    void add(PoolElementEntry<T> entry) {
        index.put(entry.identifier(), entry);
        selection.add(entry);
    }

    void remove(PoolElementEntry<T> entry) {
        index.remove(entry.identifier());
        selection.remove(entry);
    }

    @Override
    public String toString() {
        return "Pool[" + handle + ", " + policyType.rsplibName() + ", " + userTransportProtocol
                + ", ctrl=" + controlChannel + ", " + index.size() + " PEs]";
    }
}
