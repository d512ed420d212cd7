package org.raypool.transport.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.sctp.AbstractNotificationHandler;
import com.sun.nio.sctp.Association;
import com.sun.nio.sctp.AssociationChangeNotification;
import com.sun.nio.sctp.HandlerResult;
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpMultiChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpSocketOption;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What jdk.sctp and Linux allow for a pool element that must accept a registrar's takeover association on the port
 * its registrar association comes from (docs/protocol/registrar-behaviour.md §3.6, §6.3): the facts that
 * {@link SctpClientPort} is built on, and why it needs an opening message.
 * <ul>
 *   <li>a one-to-one socket cannot bind the port of a listening SCTP socket, and jdk.sctp offers neither
 *       SO_REUSEADDR nor SO_REUSEPORT to allow it (TCP's way, {@code TcpSharedPortTest});</li>
 *   <li>a one-to-many socket ({@link SctpMultiChannel}, RSPLIB's way) listens and makes associations from its own
 *       port, both of which {@link SctpMultiChannel#branch} turns into one-to-one channels; but jdk.sctp has no
 *       connect on it: only a send opens an association, and an empty message is refused, so the registrar gets a
 *       message of ours before we know the association is up.</li>
 * </ul>
 */
class SctpPortSharingTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<Channel> open = new ArrayList<>();

    @BeforeEach
    void sctp() {
        SctpAvailability.assumeSctp();
    }

    @AfterEach
    void close() throws IOException {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private <T extends Channel> T opened(T channel) {
        open.add(channel);
        return channel;
    }

    private static int port(Set<SocketAddress> bound) {
        return ((InetSocketAddress) bound.iterator().next()).getPort();
    }

    @Test
    void aOneToOneSocketCannotBindThePortOfAListeningSocketAndNothingAllowsReuse() throws IOException {
        SctpServerChannel server = opened(SctpServerChannel.open().bind(new InetSocketAddress(0)));
        SctpMultiChannel multi = opened(SctpMultiChannel.open().bind(new InetSocketAddress(0), 16));
        for (int port : List.of(port(server.getAllLocalAddresses()), port(multi.getAllLocalAddresses()))) {
            SctpChannel client = opened(SctpChannel.open());
            assertThrows(BindException.class, () -> client.bind(new InetSocketAddress(port)));
        }
        SctpChannel client = opened(SctpChannel.open());
        for (SctpSocketOption<?> option : client.supportedOptions()) {
            assertFalse(option.name().contains("REUSE"), option.name());
        }
    }

    @Test
    void aOneToManySocketOpensAnAssociationOnlyBySendingAndBranchesBothDirectionsOnItsOwnPort() throws IOException {
        SctpServerChannel registrar = opened(SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
        InetSocketAddress registrarAddress = new InetSocketAddress(LOOPBACK, port(registrar.getAllLocalAddresses()));
        SctpMultiChannel pe = opened(SctpMultiChannel.open().bind(new InetSocketAddress(0), 16));
        int pePort = port(pe.getAllLocalAddresses());

        assertThrows(IOException.class,
                () -> pe.send(ByteBuffer.allocate(0), MessageInfo.createOutgoing(registrarAddress, 0)));
        pe.send(text("opening"), MessageInfo.createOutgoing(registrarAddress, 0).payloadProtocolID(11));
        SctpChannel atRegistrar = opened(registrar.accept());
        assertEquals(pePort, port(atRegistrar.getRemoteAddresses()), "the registrar sees the listening port");
        assertEquals("opening", receive(atRegistrar), "the registrar gets the message that opened the association");
        SctpChannel toRegistrar = opened(pe.branch(commUp(pe)));
        assertEquals(pePort, port(toRegistrar.getAllLocalAddresses()));
        atRegistrar.send(text("ack"), MessageInfo.createOutgoing(null, 0));
        assertEquals("ack", receive(toRegistrar));

        SctpChannel takeover = opened(SctpChannel.open(new InetSocketAddress(LOOPBACK, pePort), 0, 0));
        takeover.send(text("keep-alive"), MessageInfo.createOutgoing(null, 0));
        SctpChannel fromNewHome = opened(pe.branch(commUp(pe)));
        assertEquals(port(takeover.getAllLocalAddresses()), port(fromNewHome.getRemoteAddresses()));
        assertEquals("keep-alive", receive(fromNewHome), "data queued before the branch moves with it");
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String receive(SctpChannel channel) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1024);
        assertNotNull(channel.receive(in, null, null));
        return StandardCharsets.US_ASCII.decode(in.flip()).toString();
    }

    /** Receives on the one-to-many socket until an association comes up (no data can come before it). */
    private static Association commUp(SctpMultiChannel multi) throws IOException {
        Association[] up = new Association[1];
        ByteBuffer in = ByteBuffer.allocate(1024);
        while (up[0] == null) {
            MessageInfo data = multi.receive(in.clear(), null, new AbstractNotificationHandler<Object>() {
                @Override
                public HandlerResult handleNotification(AssociationChangeNotification n, Object unused) {
                    assertEquals(AssociationChangeNotification.AssocChangeEvent.COMM_UP, n.event());
                    up[0] = n.association();
                    return HandlerResult.RETURN;
                }
            });
            assertTrue(data == null, "data before COMM_UP");
        }
        return up[0];
    }
}
