/**
 * The registrar's handlespace: pools, pool element entries, handle resolution and the
 * bookkeeping ENRP needs (ownership checksums, expiry of foreign entries, table-sync marks).
 *
 * <p><b>Single-threaded by design.</b> Exactly one thread — the registrar's event loop, as in
 * RSPLIB — owns a {@link org.raypool.registrar.handlespace.Handlespace}: transports hand it
 * decoded messages, its timers run on it, and it reads no clock (every time-dependent call takes
 * {@code nowMillis}). Nothing here is synchronised; entries are mutable internally but must only
 * be read and changed on that thread. This keeps behaviour deterministic in tests.
 *
 * <p>The handlespace stores the wire codec's value types ({@code org.raypool.wire.param}): a PE
 * is a {@link org.raypool.wire.param.PoolElement} under a {@link org.raypool.wire.param.PoolHandle},
 * stored as offered (a takeover changes only its home registrar); policies are
 * {@link org.raypool.wire.param.PoolMemberSelectionPolicy} values, checksums
 * {@link org.raypool.wire.param.PeChecksum}s. Only the user transport's parameter type and its
 * Transport Use take part in the pool consistency rules; connections are opaque objects. Field
 * names and units follow the specification ({@code docs/protocol/registrar-behaviour.md},
 * {@code docs/protocol/asap-enrp-wire.md}).
 */
package org.raypool.registrar.handlespace;
