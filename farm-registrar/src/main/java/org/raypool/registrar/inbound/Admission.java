package org.raypool.registrar.inbound;

import java.util.Optional;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.wire.param.ErrorCause;

/**
 * The per-message admission step of the inbound path: run on the event loop for every decoded message before its
 * server sees it. The role rule of an authenticated farm plugs in here (only WORKER registers or deregisters PEs,
 * only REGISTRAR speaks ENRP); in open mode {@code peerIdentity} is empty.
 *
 * @param <M> the protocol's message type
 */
@FunctionalInterface
public interface Admission<M> {

    /**
     * @param peerIdentity the association's verified peer identity ({@code Association#peerIdentity()}), empty in
     *                     open mode
     * @param message      the decoded message
     * @return empty to admit it; else the RFC 5351 cause to refuse it with (0x000a "Rejected due to security
     *         considerations" where nothing more specific fits): the path answers with that cause and the server
     *         never sees the message
     */
    Optional<ErrorCause> check(Optional<PeerIdentity> peerIdentity, M message);

    /** Admits everything (open mode, before the tls part's role rule). */
    static <M> Admission<M> all() {
        return (identity, message) -> Optional.empty();
    }

    /** This step, then {@code next} for what this one admitted. */
    default Admission<M> then(Admission<M> next) {
        return (identity, message) -> {
            Optional<ErrorCause> refused = check(identity, message);
            return refused.isPresent() ? refused : next.check(identity, message);
        };
    }
}
