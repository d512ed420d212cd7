package org.raypool.registrar.inbound;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.raypool.transport.Association;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.enrp.EnrpMessage;

/**
 * The admission steps a registrar starts with, one per protocol, and where the peer identity of an association comes
 * from (docs/protocol/registrar-behaviour.md §3.9). The role rule of an authenticated farm is given here:
 * {@code new Admissions(onlyWorkersRegister, onlyRegistrarsSpeakEnrp, Association::peerIdentity)}.
 *
 * @param asap       every decoded ASAP message passes it before the ASAP server sees it
 * @param enrp       every decoded ENRP message received on an association passes it (multicast Presences do not:
 *                   they carry no association)
 * @param identityOf the association's verified peer identity; empty in open mode
 */
public record Admissions(Admission<AsapMessage> asap, Admission<EnrpMessage> enrp,
                         Function<Association, Optional<Object>> identityOf) {

    /** Open mode (RSPLIB-compatible): every message is admitted, no association has an identity. */
    public static final Admissions OPEN = new Admissions(Admission.all(), Admission.all(), a -> Optional.empty());

    public Admissions {
        Objects.requireNonNull(asap, "asap");
        Objects.requireNonNull(enrp, "enrp");
        Objects.requireNonNull(identityOf, "identityOf");
    }
}
