package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.registrar.EventLoop;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.testing.Await;
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
 * Multicast Presences in the authenticated farm (docs/protocol/registrar-behaviour.md §5.9 rule 5, docs/security.md):
 * the contact a Presence heard on the group triggers runs over the ENRP transport's TLS and must find a REGISTRAR
 * certificate. A Presence naming the ENRP port of a program that holds another role's certificate (here a
 * registrar started with it, which would answer if the handshake let it) adds no peer; with a registrar's
 * certificate the same contact does. The group is simulated as in {@link MulticastPresenceTest}.
 */
class AuthenticatedMulticastPresenceTest {
    private static final int US = 0xa1, THEM = 0x0c;
    private final EventLoop loop = new EventLoop("multicast-tls-test");
    private EnrpServer server;
    private Registrar named;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (named != null) named.close();
        loop.close();
    }

    private void start() throws Exception {
        EnrpConfig config = TestRegistrars.enrpConfig(US, 300, List.of()).enrp().orElseThrow();
        Handlespace hs = new Handlespace(new HandlespaceConfig(US, 3, 0, 3), new Random());
        server = new EnrpServer(config, US, 1, null, loop, hs, Transports.forName("tcp", TransportOptions.DEFAULTS,
                null, TlsPolicy.accepting(TestCredentials.of(Role.REGISTRAR, "us"), Role.REGISTRAR)));
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

    @ParameterizedTest
    @EnumSource(Role.class)
    void theContactAMulticastPresenceTriggersMustFindARegistrarCertificate(Role role) throws Exception {
        start();
        named = Registrar.start(TestRegistrars.enrpConfig(THEM, 300, List.of()),
                Optional.of(TestCredentials.of(role, "named-" + role)));
        heardOnGroup(THEM, named.enrpEndpoint().port());
        assertEquals(List.of(), peers(), "the multicast Presence itself adds nobody");
        if (role == Role.REGISTRAR) {
            Await.until("the registrar that answered over its TLS association is a peer",
                    () -> peers().contains(THEM));
            assertTrue(named.enrpPeers().contains(US), "and it knows us");
            return;
        }
        heardOnGroup(THEM, named.enrpEndpoint().port());
        // the REGISTRAR case above is a peer within about a second
        Thread.sleep(2000);
        assertFalse(peers().contains(THEM), "a " + role + " certificate holder became a peer: " + peers());
        assertFalse(named.enrpPeers().contains(US), "it heard our Presence: " + named.enrpPeers());
    }
}
