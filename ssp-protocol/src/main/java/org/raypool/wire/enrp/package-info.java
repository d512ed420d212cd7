/**
 * ENRP messages (docs/protocol/asap-enrp-wire.md §6): one record per message type 0x01-0x0A, and {@link
 * org.raypool.wire.enrp.EnrpCodec}.
 */
package org.raypool.wire.enrp;
