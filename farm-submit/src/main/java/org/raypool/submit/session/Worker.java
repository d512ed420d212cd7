package org.raypool.submit.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.raypool.transport.AddressSpec;

/**
 * One pool element as handle resolution returned it: its PE identifier, where its Scripting Service listens
 * and over which transport it registered ("tcp" or "sctp").
 */
public record Worker(int identifier, List<InetSocketAddress> addresses, String transport) {

    public Worker {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) throw new IllegalArgumentException("a worker needs an address");
        Objects.requireNonNull(transport, "transport");
    }

    /** The PE identifier as RSPLIB prints it, e.g. 0x1a2b3c4d. */
    public String id() {
        return String.format("0x%08x", identifier);
    }

    /** For logs and the progress display: "0x1a2b3c4d (127.0.0.1:40001)". */
    public String label() {
        return id() + " (" + AddressSpec.format(addresses.get(0)) + ")";
    }
}
