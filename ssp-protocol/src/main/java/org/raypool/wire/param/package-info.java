/**
 * ASAP/ENRP parameters (docs/protocol/asap-enrp-wire.md §4) as immutable records, and the TLV machinery the ASAP and
 * ENRP codecs share. Records enforce the wire limits (pool handle 1..32 bytes, 1..64 SCTP addresses, one address for
 * other transports, policy word counts, 16/32-bit ranges); semantic rules that RSPLIB answers with a specific cause (PE
 * identifier 0: 0xF000, port 0 or missing addresses: 0xF005, ASAP transport present/absent: 0xF006) are left to the
 * registrar, so the codec lets them through.
 */
package org.raypool.wire.param;
