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
 * <p>The model is independent of the wire codec: transports, ASAP transports and connections are
 * opaque objects; only the user-transport protocol and the control-channel flag (Transport Use)
 * take part in the pool consistency rules. Field names and units follow the specification
 * ({@code registrar-behaviour.md}, {@code asap-enrp-wire.md}).
 */
package org.raypool.registrar.handlespace;
