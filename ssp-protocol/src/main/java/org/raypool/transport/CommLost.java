package org.raypool.transport;

/** Why an association ended, as handed to {@link AssociationListener#onCommLost}. */
public record CommLost(Cause cause, String detail) {

    public enum Cause {
        /** The peer closed gracefully (SCTP SHUTDOWN, TCP FIN). */
        PEER_SHUTDOWN,
        /** The peer aborted or reset, or the association failed (SCTP COMM_LOST, TCP RST, I/O error). */
        COMM_LOST,
        /** {@link Association#close()} was called here. */
        LOCAL_CLOSE,
        /** {@link Association#abort()} was called here. */
        LOCAL_ABORT,
        /** The peer broke the framing or sent a protocol this association does not accept; we aborted. */
        PROTOCOL_ERROR,
        /** A send did not complete within the send timeout; we aborted. */
        SEND_TIMEOUT
    }

    public CommLost {
        if (cause == null) throw new NullPointerException("cause");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? cause.name() : cause + " (" + detail + ")";
    }
}
