package org.raypool.registrar.inbound;

import java.util.Objects;
import java.util.Optional;
import org.raypool.wire.param.OperationError;

/**
 * What the inbound path does with one received message ({@link InboundDecoder#judge}): pure values, so the
 * decision is tested on bytes without sockets.
 *
 * @param <M> the protocol's message type
 */
public sealed interface Verdict<M> {

    /**
     * Decoded: hand it to the event loop; {@code unrecognized} is the one aggregated Error to send first (RFC 5351
     * §3.10: unrecognized parameters with the "report" bits), empty when every parameter was known.
     */
    record Deliver<M>(M message, Optional<OperationError> unrecognized) implements Verdict<M> {
        public Deliver {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(unrecognized, "unrecognized");
        }
    }

    /** Not decodable: answer with one Error carrying {@code error}, deliver nothing. */
    record Refuse<M>(OperationError error, String reason) implements Verdict<M> {
        public Refuse {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Not decodable and not to be answered (an Error about an Error, or a silent decode failure). */
    record Drop<M>(String reason) implements Verdict<M> {}
}
