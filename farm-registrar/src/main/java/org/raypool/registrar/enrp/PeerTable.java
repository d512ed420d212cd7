package org.raypool.registrar.enrp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer list (docs/protocol/registrar-behaviour.md §5.1): static entries and the registrars heard from. Event loop
 * only.
 */
final class PeerTable {
    private final List<Peer> peers = new ArrayList<>();

    Optional<Peer> byId(int identifier) {
        if (identifier == 0) return Optional.empty();
        for (Peer p : peers) {
            if (p.identifier == identifier) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** A static entry not yet heard from that lists one of {@code addresses} (same IP and port). */
    Optional<Peer> unidentifiedStaticAt(List<InetSocketAddress> addresses) {
        for (Peer p : peers) {
            if (p.identifier == 0 && p.isStatic && p.addresses.stream().anyMatch(addresses::contains)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Optional<Peer> byAddress(InetAddress address, int port) {
        for (Peer p : peers) {
            for (InetSocketAddress a : p.addresses) {
                if (a.getPort() == port && a.getAddress().equals(address)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    void add(Peer peer) {
        peers.add(peer);
    }

    /** A static entry stays (without its identity) so that a restarted registrar there is found again. */
    void remove(Peer peer) {
        peer.reset();
        peer.association = null;
        peer.queued.clear();
        if (!peer.isStatic) peers.remove(peer);
    }

    /** Every entry, a copy. */
    List<Peer> all() {
        return List.copyOf(peers);
    }

    /** The entries with a known identifier, a copy. */
    List<Peer> identified() {
        return peers.stream().filter(p -> p.identifier != 0).toList();
    }
}
