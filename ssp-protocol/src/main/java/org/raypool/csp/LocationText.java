package org.raypool.csp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * RSPLIB's location text (docs/protocol/csp.md §4.1): {@code host: addr1[:port], addr2, ...} with the host's addresses
 * of global scope, or site-local ones if there are none; loopback and link-local never appear.
 */
public final class LocationText {
    private LocationText() {
    }

    /** This host's location; {@code port} goes after the first address. */
    public static String of(OptionalInt port) {
        return format(hostName(), addresses(), port);
    }

    static String format(String host, List<InetAddress> addresses, OptionalInt port) {
        if (host.isEmpty() && addresses.isEmpty()) return "(local only)";
        if (addresses.isEmpty()) return host;
        StringBuilder text = new StringBuilder(host).append(": ");
        for (int i = 0; i < addresses.size(); i++) {
            boolean v6 = addresses.get(i) instanceof Inet6Address;
            String address = v6 ? ipv6(addresses.get(i).getAddress()) : addresses.get(i).getHostAddress();
            if (i > 0) text.append(", ");
            if (i == 0 && port.isPresent()) {
                text.append(v6 ? "[" + address + "]" : address).append(':').append(port.getAsInt());
            } else {
                text.append(address);
            }
        }
        return text.toString();
    }

    /** RFC 5952 text, as inet_ntop writes it: lower case, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') text.append(':');
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** Global addresses, else site-local (RFC 1918 and fc00::/7) ones. */
    static List<InetAddress> addresses() {
        List<InetAddress> global = new ArrayList<>();
        List<InetAddress> site = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                            || a.isMulticastAddress()) {
                        continue;
                    }
                    boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC;
                    (a.isSiteLocalAddress() || uniqueLocal ? site : global).add(a);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return global.isEmpty() ? site : global;
    }

    /** uname's nodename on Linux, else what Java says. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) return name;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
