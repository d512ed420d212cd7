package org.raypool.registrar.handlespace;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeMap;
import org.raypool.registrar.handlespace.policy.PoolSelection;
import org.raypool.wire.param.ParameterType;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;

/**
 * A pool: its handle, the policy type, user-transport protocol and control-channel flag fixed by
 * its first PE, and its PEs. A pool exists exactly as long as it has PEs.
 */
public final class Pool {

    private final PoolHandle handle;
    private final PolicyType policyType;
    private final ParameterType userTransportType;
    private final boolean controlChannel;
    private final TreeMap<Integer, PoolElementEntry> index = new TreeMap<>(Integer::compareUnsigned);
    private final Collection<PoolElementEntry> entriesView = Collections.unmodifiableCollection(index.values());
    final PoolSelection<PoolElementEntry> selection;

    Pool(PoolHandle handle, PolicyType policyType, TransportParameter firstUserTransport,
         PoolSelection<PoolElementEntry> selection) {
        this.handle = handle;
        this.policyType = policyType;
        this.userTransportType = firstUserTransport.parameterType();
        this.controlChannel = isControlChannel(firstUserTransport);
        this.selection = selection;
    }

    /** Transport Use = 1 ("data plus control"); UDP, UDP-Lite and DCCP never are. */
    static boolean isControlChannel(TransportParameter transport) {
        return transport.transportUse() == TransportUse.DATA_PLUS_CONTROL;
    }

    public PoolHandle handle() {
        return handle;
    }

    public PolicyType policyType() {
        return policyType;
    }

    /** The user-transport protocol of every PE, as its transport parameter type (e.g. SCTP Transport). */
    public ParameterType userTransportType() {
        return userTransportType;
    }

    /** Transport Use = 1 for every PE of the pool. */
    public boolean controlChannel() {
        return controlChannel;
    }

    public int size() {
        return index.size();
    }

    /** The PEs by identifier (unsigned); a live view, do not change the handlespace while iterating. */
    public Collection<PoolElementEntry> entries() {
        return entriesView;
    }

    public Optional<PoolElementEntry> entry(int identifier) {
        return Optional.ofNullable(index.get(identifier));
    }

    PoolElementEntry get(int identifier) {
        return index.get(identifier);
    }

    void add(PoolElementEntry entry) {
        index.put(entry.identifier(), entry);
        selection.add(entry);
    }

    void remove(PoolElementEntry entry) {
        index.remove(entry.identifier());
        selection.remove(entry);
    }

    @Override
    public String toString() {
        return "Pool[" + handle + ", " + policyType.rsplibName() + ", " + userTransportType.displayName()
                + ", ctrl=" + controlChannel + ", " + index.size() + " PEs]";
    }
}
