package org.raypool.wire.param;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/** IP address normalisation shared by the address-carrying records. */
final class Addresses {
    private Addresses() {
    }

    /**
     * Strips host name and scope (they are not on the wire, and {@link InetAddress#equals} ignores them anyway) and
     * turns IPv4-mapped IPv6 addresses into IPv4 ones, which is how RSPLIB encodes them
     * (docs/protocol/asap-enrp-wire.md §4.2).
     */
    static InetAddress normalise(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] raw = address.getAddress();
        if (raw.length == 16 && isV4Mapped(raw)) {
            raw = new byte[] {raw[12], raw[13], raw[14], raw[15]};
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + raw.length, e);
        }
    }

    static List<InetAddress> normalise(List<InetAddress> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        InetAddress[] out = new InetAddress[addresses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalise(addresses.get(i));
        }
        return List.of(out);
    }

    static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    }

    static boolean isV4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    static int checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }
}
