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
import java.util.random.RandomGenerator;
import org.raypool.registrar.handlespace.policy.SelectionPolicies;
import org.raypool.registrar.handlespace.policy.SelectionPolicy;

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
 * @param <T> the registrar's transport record type, stored opaquely
 */
public final class Handlespace<T> {

    private static final Comparator<PoolElementEntry<?>> BY_DEADLINE = Comparator
            .<PoolElementEntry<?>>comparingLong(e -> e.expiryDeadline)
            .thenComparing(PoolElementEntry.BY_POOL_AND_IDENTIFIER);

    private final HandlespaceConfig config;
    private final SelectionPolicies policies;
    private final TreeMap<PoolHandle, Pool<T>> pools = new TreeMap<>();
    private final Collection<Pool<T>> poolsView = Collections.unmodifiableCollection(pools.values());
    private final Map<Integer, Owner<T>> owners = new HashMap<>();
    private final Map<Object, TreeSet<PoolElementEntry<T>>> connections = new HashMap<>();
    private final TreeSet<PoolElementEntry<T>> expiries = new TreeSet<>(BY_DEADLINE);
    private int size;

    /** PEs of one home registrar and their checksum accumulator. */
    private static final class Owner<T> {
        final TreeSet<PoolElementEntry<T>> entries = new TreeSet<>(PoolElementEntry.BY_POOL_AND_IDENTIFIER);
        long accumulator;
    }

    /**
     * @param random source for the randomized policies; pass a seeded generator in tests
     */
    public Handlespace(HandlespaceConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.policies = new SelectionPolicies(Objects.requireNonNull(random, "random"));
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
     * and control-channel flag; later PEs (updates included) must match all three.
     *
     * <p>An update replaces policy values, transports, registration life, home registrar and
     * connection; degradation is reset if the policy values changed or degradation had
     * accumulated; the table-sync mark is cleared; the unreachability count is kept.
     *
     * @param poolHandle the pool
     * @param element    the PE; for ASAP registrations with this registrar as home
     * @param connection the association that registered it, or null for PEs learned via ENRP
     */
    public RegistrationResult<T> registerOrUpdate(PoolHandle poolHandle, PoolElement<T> element,
                                                  Object connection) {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(element, "element");
        if (!poolHandle.isValid()) {
            return new RegistrationResult.Rejected<>(Rejection.INVALID_POOL_HANDLE);
        }
        if (element.identifier() == 0) {
            return new RegistrationResult.Rejected<>(Rejection.INVALID_ID);
        }
        Optional<PolicyType> type = element.policy().type();
        Optional<SelectionPolicy> policy = type.flatMap(policies::get);
        if (policy.isEmpty()) {
            return new RegistrationResult.Rejected<>(Rejection.INVALID_POOL_POLICY);
        }
        Pool<T> pool = pools.get(poolHandle);
        if (pool != null) {
            if (pool.userTransportProtocol() != element.userTransportProtocol()) {
                return new RegistrationResult.Rejected<>(Rejection.INCONSISTENT_TRANSPORT_TYPE);
            }
            if (pool.controlChannel() != element.controlChannel()) {
                return new RegistrationResult.Rejected<>(Rejection.INCONSISTENT_DATA_CONTROL_CONFIGURATION);
            }
            if (pool.policyType() != type.get()) {
                return new RegistrationResult.Rejected<>(Rejection.INCOMPATIBLE_POOL_POLICY);
            }
            PoolElementEntry<T> existing = pool.get(element.identifier());
            if (existing != null) {
                return update(pool, existing, element, connection);
            }
        } else {
            pool = new Pool<>(poolHandle, type.get(), element.userTransportProtocol(),
                    element.controlChannel(), policy.get().newPoolSelection());
            pools.put(poolHandle, pool);
        }
        PoolElementEntry<T> entry = new PoolElementEntry<>(poolHandle, element, connection);
        pool.add(entry);
        addToOwner(entry);
        addToConnection(entry);
        size++;
        return new RegistrationResult.Accepted<>(entry, true, false, entry.homeRegistrarId);
    }

    private RegistrationResult<T> update(Pool<T> pool, PoolElementEntry<T> entry, PoolElement<T> element,
                                         Object connection) {
        int previousHome = entry.homeRegistrarId;
        boolean policyUpdated = pool.selection.update(entry, element.policy());
        removeFromOwner(entry);
        removeFromConnection(entry);
        entry.copyFrom(element);
        entry.connection = connection;
        entry.marked = false;
        addToOwner(entry);
        addToConnection(entry);
        if (entry.homeRegistrarId == ownRegistrarId()) {
            unscheduleExpiry(entry);
        }
        return new RegistrationResult.Accepted<>(entry, false, policyUpdated, previousHome);
    }

    /** Deregistration or Handle Update Delete: removes the PE if present. */
    public Optional<PoolElementEntry<T>> deregister(PoolHandle poolHandle, int identifier) {
        PoolElementEntry<T> entry = find(poolHandle, identifier);
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
    public List<PoolElementEntry<T>> removeByConnection(Object connection) {
        TreeSet<PoolElementEntry<T>> set = connections.get(Objects.requireNonNull(connection));
        if (set == null) {
            return List.of();
        }
        List<PoolElementEntry<T>> removed = new ArrayList<>(set);
        removed.forEach(this::removeEntry);
        return removed;
    }

    // ---------------------------------------------------------------- queries

    public Optional<PoolElementEntry<T>> lookup(PoolHandle poolHandle, int identifier) {
        return Optional.ofNullable(find(poolHandle, identifier));
    }

    public Optional<Pool<T>> pool(PoolHandle poolHandle) {
        return Optional.ofNullable(pools.get(poolHandle));
    }

    /** The pools by handle (length, then bytes); a live view, do not change the handlespace while iterating. */
    public Collection<Pool<T>> pools() {
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
    public List<PoolElementEntry<T>> byConnection(Object connection) {
        TreeSet<PoolElementEntry<T>> set = connections.get(connection);
        return set == null ? List.of() : List.copyOf(set);
    }

    // ---------------------------------------------------------------- handle resolution

    /**
     * Handle resolution (registrar-behaviour §3.4): runs the pool's policy and returns the
     * selected PEs in order; their selection state is updated (only in this registrar).
     *
     * @param requestedItems the Handle Resolution Option's Items (unsigned 32-bit), 0 when absent:
     *                       0 means {@link HandlespaceConfig#maxHandleResolutionItems()}, and at
     *                       most {@value HandlespaceConfig#MAX_HANDLE_RESOLUTION_ITEMS} are returned
     * @return empty if the pool does not exist (answer 0x0009) or — randomized policies only —
     *         every PE has value 0
     */
    public List<PoolElementEntry<T>> select(PoolHandle poolHandle, long requestedItems) {
        if (requestedItems < 0 || requestedItems > PolicySettings.MAX_VALUE) {
            throw new IllegalArgumentException("items out of 32-bit range: " + requestedItems);
        }
        Pool<T> pool = pools.get(poolHandle);
        if (pool == null) {
            return List.of();
        }
        long items = requestedItems == 0 ? config.maxHandleResolutionItems() : requestedItems;
        int n = (int) Math.min(items, HandlespaceConfig.MAX_HANDLE_RESOLUTION_ITEMS);
        return pool.selection.select(n, config.maxIncrement());
    }

    // ---------------------------------------------------------------- failure reports

    /**
     * Endpoint Unreachable (registrar-behaviour §3.5): counts the report; when the count reaches
     * {@link HandlespaceConfig#maxBadPeReports()} the PE is removed here. If it was owned, the
     * caller sends Handle Update (Delete) to all peers.
     */
    public UnreachableOutcome<T> reportUnreachable(PoolHandle poolHandle, int identifier) {
        PoolElementEntry<T> entry = find(poolHandle, identifier);
        if (entry == null) {
            return UnreachableOutcome.unknown();
        }
        int reports = ++entry.unreachableReports;
        boolean owned = entry.isOwnedBy(ownRegistrarId());
        boolean remove = reports >= config.maxBadPeReports();
        if (remove) {
            removeEntry(entry);
        }
        return new UnreachableOutcome<>(entry, reports, remove, owned);
    }

    // ---------------------------------------------------------------- expiry of foreign PEs

    /**
     * (Re)starts the expiry timer of a foreign entry (§5.4: now + Registration Life after each
     * Handle Update; §5.5: only if it has none, see {@link PoolElementEntry#expiryDeadline()}).
     *
     * @throws IllegalStateException if the entry is owned here or no longer registered
     */
    public void restartExpiry(PoolElementEntry<T> entry, long deadlineMillis) {
        requireRegistered(entry);
        if (entry.isOwnedBy(ownRegistrarId())) {
            throw new IllegalStateException("owned PEs do not expire: " + entry);
        }
        unscheduleExpiry(entry);
        entry.expiryDeadline = deadlineMillis;
        entry.expiryScheduled = true;
        expiries.add(entry);
    }

    public void cancelExpiry(PoolElementEntry<T> entry) {
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
    public List<PoolElementEntry<T>> expire(long nowMillis) {
        List<PoolElementEntry<T>> removed = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.first().expiryDeadline <= nowMillis) {
            PoolElementEntry<T> entry = expiries.first();
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
        Owner<T> owner = owners.get(ownerId);
        return HandlespaceChecksum.finish(owner == null ? 0 : owner.accumulator);
    }

    /** The PEs whose home is {@code ownerId}, by pool handle and identifier (a copy). */
    public List<PoolElementEntry<T>> ownedBy(int ownerId) {
        Owner<T> owner = owners.get(ownerId);
        return owner == null ? List.of() : List.copyOf(owner.entries);
    }

    public int ownedCount(int ownerId) {
        Owner<T> owner = owners.get(ownerId);
        return owner == null ? 0 : owner.entries.size();
    }

    /**
     * Takeover (§5.6): every PE whose home is {@code fromId} gets home {@code toId}. When
     * {@code toId} is this registrar, their expiry deadlines are cancelled (FINISH); otherwise
     * deadlines stay (Takeover Server from a peer).
     *
     * @return the moved entries, by pool handle and identifier
     */
    public List<PoolElementEntry<T>> changeOwner(int fromId, int toId) {
        List<PoolElementEntry<T>> moved = ownedBy(fromId);
        if (fromId == toId) {
            return moved;
        }
        for (PoolElementEntry<T> entry : moved) {
            removeFromOwner(entry);
            entry.homeRegistrarId = toId;
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
        Owner<T> owner = owners.get(ownerId);
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
    public List<PoolElementEntry<T>> purgeMarked(int ownerId) {
        List<PoolElementEntry<T>> purged = new ArrayList<>();
        for (PoolElementEntry<T> entry : ownedBy(ownerId)) {
            if (entry.marked) {
                purged.add(entry);
                removeEntry(entry);
            }
        }
        return purged;
    }

    // ---------------------------------------------------------------- internals

    private PoolElementEntry<T> find(PoolHandle poolHandle, int identifier) {
        Pool<T> pool = pools.get(Objects.requireNonNull(poolHandle, "poolHandle"));
        return pool == null ? null : pool.get(identifier);
    }

    private void removeEntry(PoolElementEntry<T> entry) {
        Pool<T> pool = pools.get(entry.poolHandle());
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

    private void addToOwner(PoolElementEntry<T> entry) {
        Owner<T> owner = owners.computeIfAbsent(entry.homeRegistrarId, id -> new Owner<>());
        owner.entries.add(entry);
        owner.accumulator = HandlespaceChecksum.add(owner.accumulator, entry.checksumSum());
    }

    private void removeFromOwner(PoolElementEntry<T> entry) {
        Owner<T> owner = owners.get(entry.homeRegistrarId);
        owner.entries.remove(entry);
        owner.accumulator = HandlespaceChecksum.subtract(owner.accumulator, entry.checksumSum());
        if (owner.entries.isEmpty()) {
            owners.remove(entry.homeRegistrarId);
        }
    }

    private void addToConnection(PoolElementEntry<T> entry) {
        if (entry.connection != null) {
            connections.computeIfAbsent(entry.connection,
                    c -> new TreeSet<>(PoolElementEntry.BY_POOL_AND_IDENTIFIER)).add(entry);
        }
    }

    private void removeFromConnection(PoolElementEntry<T> entry) {
        if (entry.connection != null) {
            TreeSet<PoolElementEntry<T>> set = connections.get(entry.connection);
            set.remove(entry);
            if (set.isEmpty()) {
                connections.remove(entry.connection);
            }
        }
    }

    private void unscheduleExpiry(PoolElementEntry<T> entry) {
        if (entry.expiryScheduled) {
            expiries.remove(entry);
            entry.expiryScheduled = false;
        }
    }

    private void requireRegistered(PoolElementEntry<T> entry) {
        if (!entry.isRegistered() || find(entry.poolHandle(), entry.identifier()) != entry) {
            throw new IllegalStateException("entry is not in this handlespace: " + entry);
        }
    }
}
