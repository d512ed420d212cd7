package org.raypool.transport.multicast;

import java.net.InetSocketAddress;

/** RSPLIB's default announce groups and TTL (docs/protocol/asap-enrp-wire.md §1.1). */
public final class MulticastGroups {

    /** ASAP Server Announce, registrar to everybody. */
    public static final InetSocketAddress ASAP_ANNOUNCE = new InetSocketAddress("239.0.0.50", 3863);
    /** ENRP Presence, registrar to registrars. */
    public static final InetSocketAddress ENRP_PRESENCE = new InetSocketAddress("239.0.0.51", 9901);
    /** Registrar option {@code -announcettl=}. */
    public static final int DEFAULT_TTL = 30;

    private MulticastGroups() {}
}
