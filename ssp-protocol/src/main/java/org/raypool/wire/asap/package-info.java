/**
 * ASAP messages (docs/protocol/asap-enrp-wire.md §5): one record per message type 0x01-0x0E, and {@link
 * org.raypool.wire.asap.AsapCodec}.
 */
package org.raypool.wire.asap;
