package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TestCredentials;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Rule 5 of "ENRP admission" (docs/protocol/registrar-behaviour.md): a Presence heard on the multicast group adds no
 * peer; it makes the registrar ask the named address over an association, and only that association's Presence
 * adds the peer; in the authenticated farm only if it holds a REGISTRAR certificate. The group is simulated: the
 * Presence is handed to the ENRP side as its receiver would.
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
        start(Transports.forName("tcp"));
    }

    private void start(Transport transport) throws Exception {
        EnrpConfig config = TestRegistrars.enrpConfig(US, 300, List.of()).enrp().orElseThrow();
        Handlespace hs = new Handlespace(new HandlespaceConfig(US, 3, 0, 3), new Random());
        server = new EnrpServer(config, US, 1, null, loop, hs, transport);
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

    /**
     * The authenticated farm (docs/security.md): the contact runs over the ENRP transport's TLS and must find a
     * REGISTRAR certificate. A Presence naming the ENRP port of a program with another role's certificate (a
     * registrar started with it, which would answer if the handshake let it) adds no peer; with a registrar's
     * certificate the same contact does.
     */
    @ParameterizedTest
    @EnumSource(Role.class)
    void inTheAuthenticatedFarmTheContactMustFindARegistrarCertificate(Role role) throws Exception {
        start(Transports.forName("tcp", TransportOptions.DEFAULTS, null,
                TlsPolicy.accepting(TestCredentials.of(Role.REGISTRAR, "us"), Role.REGISTRAR)));
        real = Registrar.start(TestRegistrars.enrpConfig(0x0c, 300, List.of()),
                Optional.of(TestCredentials.of(role, "named-" + role)));
        heardOnGroup(0x0c, real.enrpEndpoint().port());
        assertEquals(List.of(), peers(), "the multicast Presence itself adds nobody");
        if (role == Role.REGISTRAR) {
            Await.until("the registrar that answered over its TLS association is a peer", () -> peers().contains(0x0c));
            assertTrue(real.enrpPeers().contains(US), "and it knows us");
            return;
        }
        heardOnGroup(0x0c, real.enrpEndpoint().port());
        // the REGISTRAR case is a peer within about a second
        Thread.sleep(2000);
        assertFalse(peers().contains(0x0c), "a " + role + " certificate holder became a peer: " + peers());
        assertFalse(real.enrpPeers().contains(US), "it heard our Presence: " + real.enrpPeers());
    }
}
