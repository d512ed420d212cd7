package org.raypool.transport.multicast;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Receives announces; runs on the receiver's thread. */
@FunctionalInterface
public interface DatagramListener {

    /**
     * One datagram, the listener's to keep. The source port is the sender's bound port, which RSPLIB makes the
     * registrar's ASAP/ENRP port.
     */
    void onDatagram(ByteBuffer datagram, InetSocketAddress source);
}
