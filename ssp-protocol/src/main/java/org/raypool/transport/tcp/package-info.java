/**
 * The [PROJECT] TCP transport of docs/protocol/asap-enrp-wire.md §1.3: one protocol per connection, messages framed by
 * their own Length field, ASAP and ENRP padded to 4 bytes on the stream, TCP_NODELAY and SO_KEEPALIVE on.
 */
package org.raypool.transport.tcp;
