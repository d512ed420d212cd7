package org.raypool.registrar.asap;

import java.util.Optional;
import org.raypool.registrar.inbound.Admission;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import org.raypool.wire.asap.AsapMessageType;
import org.raypool.wire.param.ErrorCause;

/**
 * Which ASAP messages a peer may send to the registrar in an authenticated farm (docs/security.md): what only a
 * pool element sends (Registration, Deregistration, Endpoint Keep-Alive Ack) needs the worker role; anything else
 * is for workers and users alike. Open mode (no identity) allows everything, as RSPLIB does.
 */
public final class AsapRoleRule {

    /** Allowed. */
    public static final int ALLOWED = 0;

    private AsapRoleRule() {}

    /** {@link #ALLOWED}, or the RFC 5351 error cause to answer with (0x000a, rejected for security reasons). */
    public static int check(Optional<PeerIdentity> peer, AsapMessageType type) {
        if (peer.isEmpty()) return ALLOWED;
        boolean poolElementMessage = type == AsapMessageType.REGISTRATION || type == AsapMessageType.DEREGISTRATION
                || type == AsapMessageType.ENDPOINT_KEEP_ALIVE_ACK;
        if (poolElementMessage && peer.get().role() != Role.WORKER) return ErrorCause.REJECTED_SECURITY;
        return ALLOWED;
    }

    /** The rule as the ASAP inbound path's admission step (docs/protocol/registrar-behaviour.md §3.9). */
    public static Admission<AsapMessage> admission() {
        return (peer, message) -> {
            int cause = check(peer, message.type());
            return cause == ALLOWED ? Optional.empty() : Optional.of(ErrorCause.of(cause));
        };
    }
}
