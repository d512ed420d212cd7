package org.raypool.registrar.inbound;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import org.raypool.wire.param.ErrorCause;
import org.raypool.transport.Association;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.enrp.EnrpMessage;

/**
 * The admission steps a registrar starts with, one per protocol, and where the peer identity of an association comes
 * from (docs/protocol/registrar-behaviour.md §3.9): {@link #OPEN}, or the role rule of an authenticated farm
 * ({@link #roles}, docs/security.md).
 *
 * @param asap       every decoded ASAP message passes it before the ASAP server sees it
 * @param enrp       every decoded ENRP message received on an association passes it (multicast Presences do not:
 *                   they carry no association)
 * @param identityOf the association's verified peer identity; empty in open mode
 */
public record Admissions(Admission<AsapMessage> asap, Admission<EnrpMessage> enrp,
                         Function<Association, Optional<PeerIdentity>> identityOf) {

    /** Open mode (RSPLIB-compatible): every message is admitted, no association has an identity. */
    public static final Admissions OPEN = new Admissions(Admission.all(), Admission.all(), a -> Optional.empty());

    /**
     * The authenticated farm: only a WORKER sends what a pool element sends ({@code AsapRoleRule}), only a REGISTRAR
     * speaks ENRP (its endpoint takes no other certificate already; this holds the rule where messages are judged).
     */
    public static Admissions roles(Admission<AsapMessage> asapRoleRule) {
        Admission<EnrpMessage> onlyRegistrars = (peer, message) -> peer.isPresent() && peer.get().role() != Role.REGISTRAR
                ? Optional.of(ErrorCause.of(ErrorCause.REJECTED_SECURITY)) : Optional.empty();
        return new Admissions(asapRoleRule, onlyRegistrars, Association::peerIdentity);
    }

    public Admissions {
        Objects.requireNonNull(asap, "asap");
        Objects.requireNonNull(enrp, "enrp");
        Objects.requireNonNull(identityOf, "identityOf");
    }
}
