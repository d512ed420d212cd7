package org.raypool.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses endpoint specifications as users type them on command lines, in RSPLIB's spelling
 * {@code addr:port{,addr}}: the first address carries the port, further addresses are extra paths of the same
 * multi-homed endpoint. IPv6 addresses go in brackets ({@code [::1]:3863}). A bare port means all local
 * addresses; {@code host} without a port takes the default port. Names are resolved once, here.
 */
public final class AddressSpec {
    private AddressSpec() {}

    /** {@code host:port} as {@link #parse} reads it back: numeric address, IPv6 in brackets ({@code [::1]:3863}). */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * @throws IllegalArgumentException with a message naming the bad part and the expected form
     */
    public static List<InetSocketAddress> parse(String spec, int defaultPort) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty address; expected HOST:PORT[,HOST...]");
        }
        String[] parts = spec.trim().split(",");
        List<InetAddress> hosts = new ArrayList<>();
        int port = defaultPort;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            String host;
            if (i == 0 && part.matches("\\d+")) {
                port = parsePort(part, spec);
                hosts.add(null);
                continue;
            }
            if (part.startsWith("[")) {
                int close = part.indexOf(']');
                if (close < 0) throw bad(spec, "missing ']' after an IPv6 address");
                host = part.substring(1, close);
                String rest = part.substring(close + 1);
                if (rest.startsWith(":")) {
                    if (i > 0) throw bad(spec, "only the first address may carry a port");
                    port = parsePort(rest.substring(1), spec);
                } else if (!rest.isEmpty()) {
                    throw bad(spec, "unexpected '" + rest + "' after ']'");
                }
            } else {
                int colon = part.lastIndexOf(':');
                if (colon >= 0 && part.indexOf(':') != colon) {
                    throw bad(spec, "write IPv6 addresses in brackets, e.g. [::1]:3863");
                }
                if (colon >= 0) {
                    if (i > 0) throw bad(spec, "only the first address may carry a port");
                    port = parsePort(part.substring(colon + 1), spec);
                    host = part.substring(0, colon);
                } else {
                    host = part;
                }
            }
            if (host.isEmpty()) throw bad(spec, "missing host");
            try {
                hosts.add(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                throw bad(spec, "unknown host '" + host + "'");
            }
        }
        if (port < 0) throw bad(spec, "missing port");
        List<InetSocketAddress> result = new ArrayList<>();
        for (InetAddress host : hosts) {
            result.add(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        }
        return List.copyOf(result);
    }

    private static int parsePort(String text, String spec) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) throw bad(spec, "port " + port + " is outside 0..65535");
            return port;
        } catch (NumberFormatException e) {
            throw bad(spec, "'" + text + "' is not a port number");
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad address '" + spec + "': " + why + " (expected HOST:PORT[,HOST...])");
    }
}
