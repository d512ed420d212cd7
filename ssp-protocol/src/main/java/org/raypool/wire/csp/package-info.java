/**
 * RSPLIB's Component Status Protocol (docs/protocol/csp.md): the one UDP datagram a registrar, pool element or pool
 * user sends to {@code cspmonitor} to say who it is, how it is and whom it is talking to. {@link
 * org.raypool.wire.csp.ComponentStatusReport} is the message, {@link org.raypool.wire.csp.CspCodec} its encoding.
 */
package org.raypool.wire.csp;
