package org.raypool.transport.multicast;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ASAP Server Announces or ENRP Presences to a multicast group. RSPLIB binds this UDP socket to the
 * registrar's own ASAP/ENRP port so that receivers learn that port from the datagram's source port; pass that
 * port as {@code local} to do the same.
 */
public final class MulticastSender implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(MulticastSender.class);

    private final DatagramChannel channel;
    private final InetSocketAddress group;

    private MulticastSender(DatagramChannel channel, InetSocketAddress group) {
        this.channel = channel;
        this.group = group;
    }

    /**
     * @param group     e.g. {@link MulticastGroups#ASAP_ANNOUNCE}
     * @param ttl       1..255, RSPLIB default {@link MulticastGroups#DEFAULT_TTL}
     * @param outgoing  the interface to send on, or null for the kernel's choice (the route to the group)
     * @param local     address and port to send from, or null for an ephemeral port on all addresses
     */
    public static MulticastSender open(InetSocketAddress group, int ttl, NetworkInterface outgoing,
                                       InetSocketAddress local) throws IOException {
        if (!group.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException(group + " is not a multicast group");
        }
        if (ttl < 1 || ttl > 255) throw new IllegalArgumentException("TTL " + ttl + " is not in 1..255");
        DatagramChannel channel = DatagramChannel.open(family(group));
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            if (outgoing != null) channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, outgoing);
            channel.bind(local == null ? new InetSocketAddress(0) : local);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("multicast sender for " + group + " failed: " + e.getMessage(), e);
        }
        MulticastSender sender = new MulticastSender(channel, group);
        log.info("multicast sender {} -> {} ttl {} via {}", sender.localAddress(), group, ttl,
                outgoing == null ? "default route" : outgoing.getName());
        return sender;
    }

    static StandardProtocolFamily family(InetSocketAddress group) {
        return group.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Sends the buffer's remaining bytes as one datagram; thread-safe. */
    public void send(ByteBuffer datagram) throws IOException {
        channel.send(datagram.duplicate(), group);
    }

    public void send(byte[] datagram) throws IOException {
        send(ByteBuffer.wrap(datagram));
    }

    public InetSocketAddress group() {
        return group;
    }

    /** The TTL as the socket has it. */
    public int ttl() throws IOException {
        return channel.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("multicast sender close failed: {}", e.toString());
        }
    }
}
