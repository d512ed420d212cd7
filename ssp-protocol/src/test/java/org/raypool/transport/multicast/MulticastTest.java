package org.raypool.transport.multicast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.raypool.transport.Messages;

/**
 * Announce sockets on the loopback interface only: the group is joined on lo and the sender is pinned to lo, so
 * nothing leaves the machine. Linux delivers multicast on lo once the interface is pinned, although lo lacks the
 * MULTICAST flag; where it does not, the multicast tests skip and say so.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MulticastTest {

    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    private record Datagram(byte[] bytes, InetSocketAddress source) {}

    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private NetworkInterface lo;
    private MulticastReceiver receiver;
    private MulticastSender sender;

    @BeforeEach
    void joinOnLoopback() throws IOException {
        lo = NetworkInterface.getByInetAddress(LOCALHOST);
        assertNotNull(lo, "no loopback interface");
        receiver = MulticastReceiver.open(new InetSocketAddress(MulticastGroups.ASAP_ANNOUNCE.getAddress(), 0), lo,
                (d, from) -> {
                    byte[] b = new byte[d.remaining()];
                    d.get(b);
                    received.add(new Datagram(b, from));
                });
    }

    @AfterEach
    void close() {
        if (sender != null) sender.close();
        receiver.close();
    }

    private Datagram next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    private InetSocketAddress group() {
        return new InetSocketAddress(MulticastGroups.ASAP_ANNOUNCE.getAddress(), receiver.localPort());
    }

    @Test
    void anAnnounceSentOnLoopbackArrivesWithTheSendersPort() throws Exception {
        sender = MulticastSender.open(group(), MulticastGroups.DEFAULT_TTL, lo, new InetSocketAddress(LOCALHOST, 0));
        assertEquals(30, sender.ttl());
        byte[] announce = Messages.of(24, 1);
        sender.send(announce);
        Datagram d = next();
        org.junit.jupiter.api.Assumptions.assumeTrue(d != null,
                "this kernel does not deliver multicast on lo (the unicast test covers the receive path)");
        assertArrayEquals(announce, d.bytes());
        assertEquals(sender.localAddress().getPort(), d.source().getPort(), "the source port names the registrar");
    }

    @Test
    void theSenderCanBeBoundToTheRegistrarsPort() throws Exception {
        int port;
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress(LOCALHOST, 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        sender = MulticastSender.open(group(), 1, lo, new InetSocketAddress(LOCALHOST, port));
        assertEquals(1, sender.ttl());
        sender.send(ByteBuffer.wrap(Messages.of(8, 2)));
        Datagram d = next();
        org.junit.jupiter.api.Assumptions.assumeTrue(d != null, "this kernel does not deliver multicast on lo");
        assertEquals(new InetSocketAddress(LOCALHOST, port), d.source());
    }

    @Test
    void twoReceiversOnOneHostBothHearTheGroup() throws Exception {
        BlockingQueue<byte[]> second = new LinkedBlockingQueue<>();
        try (MulticastReceiver other = MulticastReceiver.open(group(), lo, (d, from) -> second.add(new byte[0]))) {
            assertEquals(receiver.localPort(), other.localPort());
            sender = MulticastSender.open(group(), 1, lo, new InetSocketAddress(LOCALHOST, 0));
            sender.send(Messages.of(8, 3));
            Datagram d = next();
            org.junit.jupiter.api.Assumptions.assumeTrue(d != null, "this kernel does not deliver multicast on lo");
            assertNotNull(second.poll(5, TimeUnit.SECONDS), "second receiver");
        }
    }

    @Test
    void unicastToTheReceiversPortArrivesToo() throws Exception {
        try (DatagramChannel unicast = DatagramChannel.open().bind(new InetSocketAddress(LOCALHOST, 0))) {
            unicast.send(ByteBuffer.wrap(Messages.of(12, 4)), new InetSocketAddress(LOCALHOST, receiver.localPort()));
            Datagram d = next();
            assertNotNull(d, "unicast datagram");
            assertArrayEquals(Messages.of(12, 4), d.bytes());
            assertEquals(unicast.getLocalAddress(), d.source());
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheReceiver() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        try (MulticastReceiver r = MulticastReceiver.open(new InetSocketAddress(group().getAddress(), 0), lo, (d, f) -> {
                sizes.add(d.remaining());
                if (calls.incrementAndGet() == 1) throw new IllegalStateException("test");
            });
             DatagramChannel unicast = DatagramChannel.open()) {
            InetSocketAddress to = new InetSocketAddress(LOCALHOST, r.localPort());
            unicast.send(ByteBuffer.wrap(Messages.of(8, 1)), to);
            unicast.send(ByteBuffer.wrap(Messages.of(16, 2)), to);
            assertEquals(8, sizes.poll(5, TimeUnit.SECONDS));
            assertEquals(16, sizes.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void optionsAreChecked() {
        InetSocketAddress unicast = new InetSocketAddress(LOCALHOST, 3863);
        assertThrows(IllegalArgumentException.class, () -> MulticastSender.open(unicast, 30, lo, null));
        assertThrows(IllegalArgumentException.class, () -> MulticastSender.open(group(), 0, lo, null));
        assertThrows(IllegalArgumentException.class, () -> MulticastSender.open(group(), 256, lo, null));
        assertThrows(IllegalArgumentException.class, () -> MulticastReceiver.open(unicast, lo, (d, f) -> {}));
    }
}
