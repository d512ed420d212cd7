package org.raypool.registrar.handlespace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.raypool.registrar.handlespace.policy.SelectionPolicies;
import org.raypool.registrar.handlespace.policy.SelectionPolicy;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;

/**
 * The registrar's handlespace: pools of pool elements, handle resolution, and the indexes ENRP
 * needs — by owner (with the ownership checksum), by connection, and by expiry deadline.
 *
 * <p>Single-threaded: owned by the registrar's event loop; no locks, no clock, no timers inside.
 * The loop passes {@code nowMillis} in and arms its own timer from {@link #nextExpiry()}.
 *
 * <p>Expiry rule: entries owned by this registrar ({@link HandlespaceConfig#ownRegistrarId()})
 * never expire — they are watched by keep-alives; foreign entries expire when the caller has
 * scheduled a deadline with {@link #restartExpiry} (Handle Update: now + Registration Life) and
 * it passes. Whenever an entry becomes owned here its deadline is cancelled.
 *
 * <p>PEs are the wire codec's {@link PoolElement} records under their wire {@link PoolHandle};
 * the handlespace adds only registrar-local state ({@link PoolElementEntry}).
 *
 * <p>A section (§) named without a file below is one of docs/protocol/registrar-behaviour.md.
 */
public final class Handlespace {

    private static final Comparator<PoolElementEntry> BY_DEADLINE = Comparator
            .<PoolElementEntry>comparingLong(e -> e.expiryDeadline)
            .thenComparing(PoolElementEntry.BY_POOL_AND_IDENTIFIER);
    private static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

    private final HandlespaceConfig config;
    private final Function<PolicyType, Optional<SelectionPolicy>> policies;
    private final TreeMap<PoolHandle, Pool> pools = new TreeMap<>();
    private final Collection<Pool> poolsView = Collections.unmodifiableCollection(pools.values());
    private final Map<Integer, Owner> owners = new HashMap<>();
    private final Map<Object, TreeSet<PoolElementEntry>> connections = new HashMap<>();
    private final TreeSet<PoolElementEntry> expiries = new TreeSet<>(BY_DEADLINE);
    private int size;

    /** PEs of one home registrar and their checksum accumulator. */
    private static final class Owner {
        final TreeSet<PoolElementEntry> entries = new TreeSet<>(PoolElementEntry.BY_POOL_AND_IDENTIFIER);
        final PeChecksum.Accumulator checksum = new PeChecksum.Accumulator();
    }

    /**
     * @param random source for the randomized policies; pass a seeded generator in tests
     */
    public Handlespace(HandlespaceConfig config, RandomGenerator random) {
        this(config, new SelectionPolicies(Objects.requireNonNull(random, "random"))::get);
    }

    /**
     * @param policies the selection policy of each type, empty for types the selection code cannot
     *                 handle (tests use it to reach the 0xF003 path, which encodable types never do)
     */
    Handlespace(HandlespaceConfig config, Function<PolicyType, Optional<SelectionPolicy>> policies) {
        this.config = Objects.requireNonNull(config, "config");
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    public HandlespaceConfig config() {
        return config;
    }

    public int ownRegistrarId() {
        return config.ownRegistrarId();
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registration (ASAP) or Handle Update Add / Handle Table Response entry (ENRP): inserts the
     * PE, or updates the entry with the same (pool handle, PE identifier) in place — whoever
     * registered it before. The first PE of a pool fixes its policy type, user-transport protocol
     * (the transport parameter type) and control-channel flag (Transport Use = data plus
     * control); later PEs (updates included) must match all three.
     *
     * <p>An update replaces the stored PE (policy values, transports, registration life, home
     * registrar) and the connection; degradation is reset if the policy values changed or
     * degradation had accumulated; the table-sync mark is cleared; the unreachability count is
     * kept.
     *
     * @param poolHandle the pool
     * @param element    the PE as it will be stored and handed out again; for ASAP registrations
     *                   the caller has set this registrar as home (and the DPF distance)
     * @param connection the association that registered it, or null for PEs learned via ENRP
     * @return the accepted entry, or the rejection ({@link RegistrationResult.Rejected#errorCause}
     *         builds the cause to send)
     */
    public RegistrationResult registerOrUpdate(PoolHandle poolHandle, PoolElement element, Object connection) {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(element, "element");
        if (element.identifier() == 0) {
            return new RegistrationResult.Rejected(Rejection.INVALID_ID);
        }
        PolicyType type = element.policy().type();
        Optional<SelectionPolicy> policy = policies.apply(type);
        if (policy.isEmpty()) {
            return new RegistrationResult.Rejected(Rejection.INVALID_POOL_POLICY);
        }
        HandlespaceLimits limits = config.limits();
        if (limits.fixedPolicy(poolHandle).filter(fixed -> fixed != type).isPresent()) {
            return new RegistrationResult.Rejected(Rejection.FIXED_POOL_POLICY);
        }
        Pool pool = pools.get(poolHandle);
        if (pool != null) {
            if (pool.userTransportType() != element.userTransport().parameterType()) {
                return new RegistrationResult.Rejected(Rejection.INCONSISTENT_TRANSPORT_TYPE);
            }
            if (pool.controlChannel() != Pool.isControlChannel(element.userTransport())) {
                return new RegistrationResult.Rejected(Rejection.INCONSISTENT_DATA_CONTROL_CONFIGURATION);
            }
            if (pool.policyType() != type) {
                return new RegistrationResult.Rejected(Rejection.INCOMPATIBLE_POOL_POLICY);
            }
            PoolElementEntry existing = pool.get(element.identifier());
            if (existing != null) {
                if (connection != null && existing.connection != connection && atConnectionLimit(connection)) {
                    return new RegistrationResult.Rejected(Rejection.LIMIT_REACHED);
                }
                return update(pool, existing, element, connection);
            }
            if (size >= limits.maxPoolElements() || atConnectionLimit(connection)) {
                return new RegistrationResult.Rejected(Rejection.LIMIT_REACHED);
            }
        } else {
            if (pools.size() >= limits.maxPools() || size >= limits.maxPoolElements()
                    || atConnectionLimit(connection)) {
                return new RegistrationResult.Rejected(Rejection.LIMIT_REACHED);
            }
            pool = new Pool(poolHandle, type, element.userTransport(), policy.get().newPoolSelection());
            pools.put(poolHandle, pool);
        }
        PoolElementEntry entry = new PoolElementEntry(poolHandle, element, connection);
        pool.add(entry);
        addToOwner(entry);
        addToConnection(entry);
        size++;
        return new RegistrationResult.Accepted(entry, true, false, entry.homeRegistrarId());
    }

    private boolean atConnectionLimit(Object connection) {
        if (connection == null) return false;
        TreeSet<PoolElementEntry> set = connections.get(connection);
        return set != null && set.size() >= config.limits().maxPoolElementsPerConnection();
    }

    private RegistrationResult update(Pool pool, PoolElementEntry entry, PoolElement element, Object connection) {
        int previousHome = entry.homeRegistrarId();
        boolean policyUpdated = pool.selection.update(entry, element.policy());
        removeFromOwner(entry);
        removeFromConnection(entry);
        entry.element = element;
        entry.connection = connection;
        entry.marked = false;
        addToOwner(entry);
        addToConnection(entry);
        if (entry.isOwnedBy(ownRegistrarId())) {
            unscheduleExpiry(entry);
        }
        return new RegistrationResult.Accepted(entry, false, policyUpdated, previousHome);
    }

    /** Deregistration or Handle Update Delete: removes the PE if present. */
    public Optional<PoolElementEntry> deregister(PoolHandle poolHandle, int identifier) {
        PoolElementEntry entry = find(poolHandle, identifier);
        if (entry == null) {
            return Optional.empty();
        }
        removeEntry(entry);
        return Optional.of(entry);
    }

    /**
     * Association loss: removes every PE registered through {@code connection}.
     *
     * @return the removed entries by pool handle and identifier
     */
    public List<PoolElementEntry> removeByConnection(Object connection) {
        TreeSet<PoolElementEntry> set = connections.get(Objects.requireNonNull(connection));
        if (set == null) {
            return List.of();
        }
        List<PoolElementEntry> removed = new ArrayList<>(set);
        removed.forEach(this::removeEntry);
        return removed;
    }

    // ---------------------------------------------------------------- queries

    public Optional<PoolElementEntry> lookup(PoolHandle poolHandle, int identifier) {
        return Optional.ofNullable(find(poolHandle, identifier));
    }

    public Optional<Pool> pool(PoolHandle poolHandle) {
        return Optional.ofNullable(pools.get(poolHandle));
    }

    /** The pools by handle (length, then bytes); a live view, do not change the handlespace while iterating. */
    public Collection<Pool> pools() {
        return poolsView;
    }

    public int poolCount() {
        return pools.size();
    }

    /** Number of PEs in all pools. */
    public int size() {
        return size;
    }

    /** The PEs registered through {@code connection}, by pool handle and identifier. */
    public List<PoolElementEntry> byConnection(Object connection) {
        TreeSet<PoolElementEntry> set = connections.get(connection);
        return set == null ? List.of() : List.copyOf(set);
    }

    // ---------------------------------------------------------------- handle resolution

    /**
     * Handle resolution (docs/protocol/registrar-behaviour.md §3.4): runs the pool's policy and returns the
     * selected PEs in order; their selection state is updated (only in this registrar).
     *
     * @param requestedItems the Handle Resolution Option's Items (unsigned 32-bit), 0 when absent:
     *                       0 means {@link HandlespaceConfig#maxHandleResolutionItems()}, and at
     *                       most {@value HandlespaceConfig#MAX_HANDLE_RESOLUTION_ITEMS} are returned
     * @return empty if the pool does not exist (answer 0x0009) or — randomized policies only —
     *         every PE has value 0
     */
    public List<PoolElementEntry> select(PoolHandle poolHandle, long requestedItems) {
        if (requestedItems < 0 || requestedItems > MAX_UNSIGNED_32) {
            throw new IllegalArgumentException("items out of 32-bit range: " + requestedItems);
        }
        Pool pool = pools.get(poolHandle);
        if (pool == null) {
            return List.of();
        }
        long items = requestedItems == 0 ? config.maxHandleResolutionItems() : requestedItems;
        int n = (int) Math.min(items, HandlespaceConfig.MAX_HANDLE_RESOLUTION_ITEMS);
        return pool.selection.select(n, config.maxIncrement());
    }

    // ---------------------------------------------------------------- failure reports

    /**
     * Endpoint Unreachable (docs/protocol/registrar-behaviour.md §3.5): counts the report once per reporting
     * client (§3.9: one client cannot remove a PE, however often it reports); when the number of distinct
     * reporters reaches {@link HandlespaceConfig#maxBadPeReports()} the PE is removed here. If it was owned, the
     * caller sends Handle Update (Delete) to all peers.
     *
     * @param reporter the reporting client, compared with equals (the registrar passes its source address)
     * @return empty if the PE is not in the handlespace (nothing to do)
     */
    public Optional<UnreachableOutcome> reportUnreachable(PoolHandle poolHandle, int identifier, Object reporter) {
        Objects.requireNonNull(reporter, "reporter");
        PoolElementEntry entry = find(poolHandle, identifier);
        if (entry == null) {
            return Optional.empty();
        }
        entry.unreachableReporters.add(reporter);
        int reports = entry.unreachableReporters.size();
        boolean owned = entry.isOwnedBy(ownRegistrarId());
        boolean remove = reports >= config.maxBadPeReports();
        if (remove) {
            removeEntry(entry);
        }
        return Optional.of(new UnreachableOutcome(entry, reports, remove, owned));
    }

    // ---------------------------------------------------------------- expiry of foreign PEs

    /**
     * (Re)starts the expiry timer of a foreign entry (§5.4: now + Registration Life after each
     * Handle Update; §5.5: only if it has none, see {@link PoolElementEntry#expiryDeadline()}).
     *
     * @throws IllegalStateException if the entry is owned here or no longer registered
     */
    public void restartExpiry(PoolElementEntry entry, long deadlineMillis) {
        requireRegistered(entry);
        if (entry.isOwnedBy(ownRegistrarId())) {
            throw new IllegalStateException("owned PEs do not expire: " + entry);
        }
        unscheduleExpiry(entry);
        entry.expiryDeadline = deadlineMillis;
        entry.expiryScheduled = true;
        expiries.add(entry);
    }

    public void cancelExpiry(PoolElementEntry entry) {
        requireRegistered(entry);
        unscheduleExpiry(entry);
    }

    /** The earliest expiry deadline, for the event loop's timer. */
    public OptionalLong nextExpiry() {
        return expiries.isEmpty() ? OptionalLong.empty() : OptionalLong.of(expiries.first().expiryDeadline);
    }

    /**
     * Removes every entry whose deadline is at or before {@code nowMillis} (no ENRP message
     * follows, §5.4).
     *
     * @return the removed entries, earliest deadline first
     */
    public List<PoolElementEntry> expire(long nowMillis) {
        List<PoolElementEntry> removed = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.first().expiryDeadline <= nowMillis) {
            PoolElementEntry entry = expiries.first();
            removed.add(entry);
            removeEntry(entry);
        }
        return removed;
    }

    // ---------------------------------------------------------------- ownership, checksums, takeover

    /**
     * The ownership checksum of {@code ownerId} (§5.8): the folded, complemented 16-bit sum over
     * the PEs whose home it is; 0xFFFF if there are none. {@code checksum(ownRegistrarId())} goes
     * into this registrar's Presence; a peer's value is compared with its announced one.
     */
    public int checksum(int ownerId) {
        return peChecksum(ownerId).value();
    }

    /** {@link #checksum(int)} as the PE Checksum parameter of an ENRP Presence. */
    public PeChecksum peChecksum(int ownerId) {
        Owner owner = owners.get(ownerId);
        return owner == null ? PeChecksum.EMPTY : owner.checksum.checksum();
    }

    /** The PEs whose home is {@code ownerId}, by pool handle and identifier (a copy). */
    public List<PoolElementEntry> ownedBy(int ownerId) {
        Owner owner = owners.get(ownerId);
        return owner == null ? List.of() : List.copyOf(owner.entries);
    }

    public int ownedCount(int ownerId) {
        Owner owner = owners.get(ownerId);
        return owner == null ? 0 : owner.entries.size();
    }

    /**
     * Takeover (§5.6): every PE whose home is {@code fromId} gets home {@code toId}. When
     * {@code toId} is this registrar, their expiry deadlines are cancelled (FINISH); otherwise
     * deadlines stay (Takeover Server from a peer).
     *
     * @return the moved entries, by pool handle and identifier
     */
    public List<PoolElementEntry> changeOwner(int fromId, int toId) {
        List<PoolElementEntry> moved = ownedBy(fromId);
        if (fromId == toId) {
            return moved;
        }
        for (PoolElementEntry entry : moved) {
            removeFromOwner(entry);
            entry.element = entry.element.withHomeRegistrarIdentifier(toId);
            addToOwner(entry);
            if (toId == ownRegistrarId()) {
                unscheduleExpiry(entry);
            }
        }
        return moved;
    }

    /**
     * Start of a table synchronisation with a peer (§5.3): marks every PE whose home is
     * {@code ownerId}; updates received for them clear the mark.
     *
     * @return the number of marked entries
     */
    public int markOwnedBy(int ownerId) {
        Owner owner = owners.get(ownerId);
        if (owner == null) {
            return 0;
        }
        owner.entries.forEach(e -> e.marked = true);
        return owner.entries.size();
    }

    /**
     * End of a table synchronisation (§5.5, M = 0): removes the PEs of {@code ownerId} that are
     * still marked — the peer no longer owns them.
     *
     * @return the removed entries, by pool handle and identifier
     */
    public List<PoolElementEntry> purgeMarked(int ownerId) {
        List<PoolElementEntry> purged = new ArrayList<>();
        for (PoolElementEntry entry : ownedBy(ownerId)) {
            if (entry.marked) {
                purged.add(entry);
                removeEntry(entry);
            }
        }
        return purged;
    }

    // ---------------------------------------------------------------- internals

    private PoolElementEntry find(PoolHandle poolHandle, int identifier) {
        Pool pool = pools.get(Objects.requireNonNull(poolHandle, "poolHandle"));
        return pool == null ? null : pool.get(identifier);
    }

    private void removeEntry(PoolElementEntry entry) {
        Pool pool = pools.get(entry.poolHandle());
        pool.remove(entry);
        if (pool.size() == 0) {
            pools.remove(entry.poolHandle());
        }
        removeFromOwner(entry);
        removeFromConnection(entry);
        unscheduleExpiry(entry);
        entry.marked = false;
        entry.registered = false;
        size--;
    }

    private void addToOwner(PoolElementEntry entry) {
        Owner owner = owners.computeIfAbsent(entry.homeRegistrarId(), id -> new Owner());
        owner.entries.add(entry);
        owner.checksum.add(entry.poolHandle(), entry.identifier());
    }

    private void removeFromOwner(PoolElementEntry entry) {
        Owner owner = owners.get(entry.homeRegistrarId());
        owner.entries.remove(entry);
        owner.checksum.remove(entry.poolHandle(), entry.identifier());
        if (owner.entries.isEmpty()) {
            owners.remove(entry.homeRegistrarId());
        }
    }

    private void addToConnection(PoolElementEntry entry) {
        if (entry.connection != null) {
            connections.computeIfAbsent(entry.connection,
                    c -> new TreeSet<>(PoolElementEntry.BY_POOL_AND_IDENTIFIER)).add(entry);
        }
    }

    private void removeFromConnection(PoolElementEntry entry) {
        if (entry.connection != null) {
            TreeSet<PoolElementEntry> set = connections.get(entry.connection);
            set.remove(entry);
            if (set.isEmpty()) {
                connections.remove(entry.connection);
            }
        }
    }

    private void unscheduleExpiry(PoolElementEntry entry) {
        if (entry.expiryScheduled) {
            expiries.remove(entry);
            entry.expiryScheduled = false;
        }
    }

    private void requireRegistered(PoolElementEntry entry) {
        if (!entry.isRegistered() || find(entry.poolHandle(), entry.identifier()) != entry) {
            throw new IllegalStateException("entry is not in this handlespace: " + entry);
        }
    }
}
