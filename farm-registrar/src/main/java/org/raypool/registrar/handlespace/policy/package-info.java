/**
 * Pool member selection policies (RFC 5356 and RSPLIB's 0xB000xxxx extensions), one class per
 * policy behind {@link org.raypool.registrar.handlespace.policy.SelectionPolicy}.
 *
 * <p>As in RSPLIB there are two families. {@link SortedSelectionPolicy sorted policies} keep a
 * pool's PEs in a tree ordered by a key (ties broken by SeqNumber), return the first n and apply
 * an update step to the first MaxIncrement of them. {@link RandomizedSelectionPolicy randomized
 * policies} keep the PEs in a value tree (a Fenwick tree here) and draw n distinct PEs, each with
 * probability proportional to a value. Both cost O(n log size) per selection.
 *
 * <p>Policy types and values are the wire codec's {@link org.raypool.wire.param.PolicyType} and
 * {@link org.raypool.wire.param.PoolMemberSelectionPolicy}; {@link SelectionPolicies} adds what
 * only the selection code knows about a type (family, default MaxIncrement, whether it can be
 * selected with at all).
 *
 * <p>Like the whole handlespace this is single-threaded: a pool's selection state belongs to the
 * registrar's event loop.
 */
package org.raypool.registrar.handlespace.policy;
