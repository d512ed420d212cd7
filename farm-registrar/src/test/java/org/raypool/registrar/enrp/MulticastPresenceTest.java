package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.testing.Await;
import org.raypool.transport.Transports;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Rule 5 of "ENRP admission" (docs/protocol/registrar-behaviour.md): a Presence heard on the multicast group adds no
 * peer; it makes the registrar ask the named address over an association, and only that association's Presence
 * adds the peer. The group is simulated: the Presence is handed to the ENRP side as its receiver would.
 */
class MulticastPresenceTest {
    private static final int US = 0xa1;
    private final EventLoop loop = new EventLoop("multicast-test");
    private EnrpServer server;
    private Registrar real;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (real != null) real.close();
        loop.close();
    }

    private void start() throws Exception {
        EnrpConfig config = TestRegistrars.enrpConfig(US, 300, List.of()).enrp().orElseThrow();
        Handlespace hs = new Handlespace(new HandlespaceConfig(US, 3, 0, 3), new Random());
        server = new EnrpServer(config, US, 1, null, loop, hs, Transports.forName("tcp"));
        server.start(e -> {}, () -> {});
    }

    private void heardOnGroup(int sender, int enrpPort) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        Presence p = new Presence(sender, 0, false, PeChecksum.EMPTY,
                new ServerInformation(sender, new TcpTransport(enrpPort, TransportUse.DATA_ONLY, lo)));
        loop.execute(() -> server.dispatch(p, null, new InetSocketAddress(lo, 9901)));
    }

    private List<Integer> peers() {
        return loop.call(() -> server.peerViews().stream().map(EnrpServer.PeerView::identifier).toList(),
                Duration.ofSeconds(5));
    }

    @Test
    void aMulticastPresenceOnlyTriggersAContactAndTheAnswerAddsThePeer() throws Exception {
        start();
        real = Registrar.start(TestRegistrars.enrpConfig(0x0c, 300, List.of()));
        heardOnGroup(0x0c, real.enrpEndpoint().port());
        assertEquals(List.of(), peers(), "the multicast Presence itself adds nobody");
        Await.until("the registrar that answered over its association is a peer", () -> peers().contains(0x0c));
        assertTrue(real.enrpPeers().contains(US), "and it knows us");
    }

    @Test
    void aMulticastPresenceNamingNobodyNeverMakesAPeer() throws Exception {
        start();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        heardOnGroup(0x77, closed);
        heardOnGroup(0x77, closed);
        Thread.sleep(1000);
        assertFalse(peers().contains(0x77), "forged Presence for a registrar that is not there: " + peers());
    }
}
