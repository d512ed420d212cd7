package org.raypool.asap;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Address scopes in RSPLIB's ranking (docs/protocol/asap-enrp-wire.md §4.3, docs/protocol/registrar-behaviour.md §3.2):
 * registrars keep only addresses at or above a minimum scope, RSPLIB's default being site-local, which is why
 * loopback-only farms need {@code --min-address-scope loopback}.
 */
public enum AddressScope {
    UNSPECIFIED, LOOPBACK, LINK_LOCAL, SITE_LOCAL, GLOBAL;

    public static AddressScope of(InetAddress address) {
        if (address.isAnyLocalAddress()) return UNSPECIFIED;
        if (address.isLoopbackAddress()) return LOOPBACK;
        if (address.isLinkLocalAddress()) return LINK_LOCAL;
        if (address.isSiteLocalAddress()) return SITE_LOCAL;
        byte[] b = address.getAddress();
        if (b.length == 16 && (b[0] & 0xFE) == 0xFC) return SITE_LOCAL; // fc00::/7 unique local
        return GLOBAL;
    }

    public boolean admits(InetAddress address) {
        return of(address).compareTo(this) >= 0;
    }

    public List<InetAddress> filter(List<InetAddress> addresses) {
        return addresses.stream().filter(this::admits).toList();
    }

    /** Accepts RSPLIB's spellings (loopback, sitelocal, global) and ours (site-local, link-local). */
    public static AddressScope parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (t) {
            case "loopback": return LOOPBACK;
            case "linklocal": return LINK_LOCAL;
            case "sitelocal": return SITE_LOCAL;
            case "global": return GLOBAL;
            default:
                throw new IllegalArgumentException("unknown address scope '" + text
                        + "'; use loopback, link-local, site-local or global");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
