package org.raypool.registrar.asap;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.TransportParameter;

/**
 * Who may change a PE (docs/protocol/registrar-behaviour.md §3.9, "owning association"): its registration,
 * re-registration, deregistration and keep-alive acks belong to the association that registered it. A PE known here
 * without a live association (taken over, or homed at a peer) is claimed by the first re-registration that comes
 * from one of the PE's own registered transport addresses ("own-address rule"): a host elsewhere on the network
 * cannot take it. Pure: values in, verdict out.
 */
public final class Ownership {

    public enum Verdict {
        /** No such PE yet: anyone may register it. */
        NEW(true),
        /** The association that registered it. */
        OWNER(true),
        /** No live owning association here, and the request comes from one of the PE's own addresses. */
        OWN_ADDRESS(true),
        /** Another association: refused, nothing changes. */
        FOREIGN(false);

        private final boolean allowed;

        Verdict(boolean allowed) {
            this.allowed = allowed;
        }

        public boolean allowed() {
            return allowed;
        }
    }

    private Ownership() {}

    /**
     * @param existing    the PE as the handlespace has it, null if unknown
     * @param association the association the request came on
     * @param sources     that association's remote addresses
     */
    public static Verdict of(PoolElementEntry existing, Object association, List<InetAddress> sources) {
        Objects.requireNonNull(association, "association");
        if (existing == null) return Verdict.NEW;
        if (existing.connection() == association) return Verdict.OWNER;
        if (existing.connection() != null) return Verdict.FOREIGN;
        return ownAddresses(existing.poolElement()).anyMatch(sources::contains) ? Verdict.OWN_ADDRESS
                : Verdict.FOREIGN;
    }

    /** The PE's registered user transport and, as its home saw it, its ASAP transport. */
    static Stream<InetAddress> ownAddresses(PoolElement pe) {
        return Stream.concat(pe.userTransport().addresses().stream(),
                pe.asapTransport().stream().map(TransportParameter::addresses).flatMap(List::stream));
    }
}
