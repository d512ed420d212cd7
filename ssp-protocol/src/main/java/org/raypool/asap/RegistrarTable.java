package org.raypool.asap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.raypool.wire.asap.ServerAnnounce;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;

/**
 * The registrars a client may hunt (docs/protocol/registrar-behaviour.md §6.1): the static list plus those learnt from
 * Server Announces, each announced entry expiring a while after its last announce. Thread-safe.
 */
public final class RegistrarTable {
    private final List<List<InetSocketAddress>> staticEntries;
    private final long announceTimeoutMillis;
    private final Map<Integer, Announced> announced = new LinkedHashMap<>();
    private final Random random = new Random();

    private record Announced(List<InetSocketAddress> endpoint, long expiresAt) {}

    public RegistrarTable(List<List<InetSocketAddress>> staticEntries, long announceTimeoutMillis) {
        this.staticEntries = List.copyOf(staticEntries);
        this.announceTimeoutMillis = announceTimeoutMillis;
    }

    /**
     * Learns a registrar from its Server Announce: the first transport parameter of our transport's kind if
     * there is one ([PROJECT] TCP mode adds it), else the datagram's source address and port (RSPLIB binds the
     * announcing socket to its ASAP port).
     */
    public synchronized void onAnnounce(ServerAnnounce announce, InetSocketAddress source, String transport,
            long nowMillis) {
        List<InetSocketAddress> endpoint = List.of(source);
        for (TransportParameter t : announce.transports()) {
            boolean ours = "tcp".equals(transport) ? t instanceof TcpTransport : t instanceof SctpTransport;
            if (ours) {
                List<InetSocketAddress> addresses = new ArrayList<>();
                t.addresses().forEach(a -> addresses.add(new InetSocketAddress(a, t.port())));
                endpoint = addresses;
                break;
            }
        }
        announced.put(announce.serverIdentifier(), new Announced(endpoint, nowMillis + announceTimeoutMillis));
    }

    /** Every registrar worth trying now, in random order (so that clients spread over registrars). */
    public synchronized List<List<InetSocketAddress>> candidates(long nowMillis) {
        announced.values().removeIf(a -> a.expiresAt() < nowMillis);
        List<List<InetSocketAddress>> all = new ArrayList<>(staticEntries);
        for (Announced a : announced.values()) {
            if (!all.contains(a.endpoint())) all.add(a.endpoint());
        }
        Collections.shuffle(all, random);
        return all;
    }

    /** The identifier a registrar announced for this endpoint, or 0 when unknown. */
    public synchronized int identifierOf(List<InetSocketAddress> endpoint) {
        for (Map.Entry<Integer, Announced> e : announced.entrySet()) {
            if (e.getValue().endpoint().equals(endpoint)) return e.getKey();
        }
        return 0;
    }
}
