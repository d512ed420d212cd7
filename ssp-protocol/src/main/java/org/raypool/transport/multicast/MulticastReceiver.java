package org.raypool.transport.multicast;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins an announce group and hands every datagram to a listener on its own daemon thread. The socket is bound
 * to the wildcard address with SO_REUSEADDR, so several receivers on one host share the port, and unicast
 * datagrams to that port arrive as well. Optional: a component with a static registrar or peer list needs none.
 */
public final class MulticastReceiver implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(MulticastReceiver.class);
    private static final int BUFFER = 65536;

    private final DatagramChannel channel;
    private final InetSocketAddress group;
    private final List<NetworkInterface> interfaces;
    private final DatagramListener listener;
    private final Thread reader;
    private volatile boolean open = true;

    private MulticastReceiver(DatagramChannel channel, InetSocketAddress group, List<NetworkInterface> interfaces,
                              DatagramListener listener) {
        this.channel = channel;
        this.group = group;
        this.interfaces = interfaces;
        this.listener = listener;
        this.reader = new Thread(this::run, "multicast-rx-" + group.getAddress().getHostAddress() + ":"
                + localPort());
        this.reader.setDaemon(true);
    }

    /**
     * @param group    e.g. {@link MulticastGroups#ASAP_ANNOUNCE}; port 0 binds an ephemeral port (tests)
     * @param incoming the interface to join on, or null for every interface that is up and multicast-capable
     */
    public static MulticastReceiver open(InetSocketAddress group, NetworkInterface incoming, DatagramListener listener)
            throws IOException {
        if (!group.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException(group + " is not a multicast group");
        }
        List<NetworkInterface> interfaces = incoming != null ? List.of(incoming) : multicastInterfaces();
        if (interfaces.isEmpty()) {
            throw new IOException("no up, multicast-capable interface to join " + group + " on; name one");
        }
        DatagramChannel channel = DatagramChannel.open(MulticastSender.family(group));
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(group.getPort()));
            for (NetworkInterface nif : interfaces) {
                channel.join(group.getAddress(), nif);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("joining " + group + " on " + names(interfaces) + " failed: " + e.getMessage(), e);
        }
        MulticastReceiver receiver = new MulticastReceiver(channel, group, interfaces, listener);
        receiver.reader.start();
        log.info("multicast receiver joined {} on {}, port {}", group.getAddress().getHostAddress(),
                names(interfaces), receiver.localPort());
        return receiver;
    }

    private static List<NetworkInterface> multicastInterfaces() throws SocketException {
        List<NetworkInterface> found = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && nif.supportsMulticast()) found.add(nif);
        }
        return found;
    }

    private static List<String> names(List<NetworkInterface> interfaces) {
        return interfaces.stream().map(NetworkInterface::getName).toList();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        while (open) {
            InetSocketAddress source;
            try {
                buffer.clear();
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) return;
                log.warn("multicast receive on {} failed: {}", group, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            buffer.flip();
            ByteBuffer datagram = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
            try {
                listener.onDatagram(datagram, source);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                log.warn("multicast listener failed on a datagram from {}; continuing", source, t);
            }
        }
    }

    /** The bound UDP port: the group's, or the ephemeral one when the group port was 0. */
    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    public InetSocketAddress group() {
        return group;
    }

    public List<NetworkInterface> interfaces() {
        return interfaces;
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("multicast receiver close failed: {}", e.toString());
        }
        log.info("multicast receiver left {}", group.getAddress().getHostAddress());
    }
}
