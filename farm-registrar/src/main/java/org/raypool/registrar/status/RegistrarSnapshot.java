package org.raypool.registrar.status;

import java.util.List;

/**
 * The registrar's state at one moment, copied on the event loop: safe to read anywhere, written as
 * {@code /status.json} as it is.
 *
 * @param registrar   its ID, {@code 0x%08x}
 * @param transport   sctp or tcp
 * @param asap        the ASAP endpoint's addresses
 * @param uptimeMs    since the registrar started
 * @param pools       by pool handle
 * @param peers       the ENRP peers; empty until the registrar speaks ENRP (issue 6)
 */
public record RegistrarSnapshot(String registrar, String transport, String asap, long uptimeMs, List<PoolStatus> pools,
        List<PeerStatus> peers) {

    public RegistrarSnapshot {
        pools = List.copyOf(pools);
        peers = List.copyOf(peers);
    }

    /**
     * @param handle    the pool handle as text
     * @param policy    the pool's selection policy (RSPLIB's name)
     * @param transport the user transport every PE of the pool uses
     */
    public record PoolStatus(String handle, String policy, String transport, List<ElementStatus> elements) {
        public PoolStatus {
            elements = List.copyOf(elements);
        }
    }

    /**
     * One pool element as the handlespace knows it.
     *
     * @param id              PE identifier, {@code 0x%08x}
     * @param address         user transport addresses and port
     * @param policy          its selection policy with the values it registered
     * @param load            its registered load 0..1, null when its policy has none
     * @param home            its home registrar, {@code 0x%08x}
     * @param owned           whether this registrar is its home
     * @param sessions        sessions in use, null: ASAP does not carry them (the worker's own status does)
     * @param lastKeepAliveMs ms since it last acknowledged an Endpoint Keep-Alive or (re-)registered, null if never
     *                        seen by this registrar
     */
    public record ElementStatus(String id, String address, String policy, Double load, String home, boolean owned,
            Integer sessions, Long lastKeepAliveMs) {
    }

    /**
     * An ENRP peer.
     *
     * @param id          its server ID, {@code 0x%08x}
     * @param address     its ENRP address
     * @param lastHeardMs ms since the last message from it
     */
    public record PeerStatus(String id, String address, long lastHeardMs) {
    }

    public int elementCount() {
        return pools.stream().mapToInt(p -> p.elements().size()).sum();
    }

    public int ownedCount() {
        return (int) pools.stream().flatMap(p -> p.elements().stream()).filter(ElementStatus::owned).count();
    }

    /** RSPLIB's registrar status text (docs/protocol/csp.md §4.2): {@code 1[1] PEs in 1 Pool, 0 Peers}. */
    public String cspText() {
        return elementCount() + "[" + ownedCount() + "] PEs in " + plural(pools.size(), "Pool") + ", "
                + plural(peers.size(), "Peer");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
