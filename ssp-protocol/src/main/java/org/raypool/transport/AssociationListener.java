package org.raypool.transport;

import java.nio.ByteBuffer;
import org.raypool.wire.Protocol;

/**
 * Receives what happens on an association, in order: {@link #onEstablished} once, then {@link #onMessage} per
 * message, then {@link #onCommLost} exactly once. The callbacks run on the association's reader thread, or, for
 * a transport built with an {@link IoLoop}, on that loop's thread (shared by all its associations, so a
 * callback there may send but must never block, and owns whatever state the loop owns). A callback that throws
 * is logged and the association carries on; a callback that blocks stops reading (and, after the peer's send
 * timeout, that peer gives up on us; on a loop, every association of the loop stalls).
 */
public interface AssociationListener {

    /** The association is up; called before any message. */
    default void onEstablished(Association association) {}

    /**
     * One complete message. The buffer holds exactly the message (for TCP without stream padding), starts at
     * position 0 and belongs to the listener from now on.
     */
    void onMessage(Association association, Protocol protocol, ByteBuffer message);

    /** The association is gone, for whatever reason; called exactly once, also after a local close or abort. */
    void onCommLost(Association association, CommLost reason);
}
