package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/** Checks the list given to a {@link SingleAddressTransport}'s {@code withAddresses}: exactly one address. */
final class SingleAddress {
    private SingleAddress() {
    }

    static InetAddress only(List<InetAddress> addresses) {
        if (addresses.size() != 1) {
            throw new IllegalArgumentException("this transport carries exactly one address, not " + addresses.size());
        }
        return addresses.get(0);
    }
}
