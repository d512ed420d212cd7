package org.raypool.registrar.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.asap.UnknownPoolException;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.AsapPeer;
import org.raypool.testing.Await;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** The registrar's ASAP side over real TCP sockets on loopback, driven by the ASAP client library. */
class AsapServerTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private Registrar registrar;
    private AsapClientConfig client;

    @BeforeEach
    void startRegistrar() throws IOException {
        registrar = Registrar.start(TestRegistrars.config(0x36acceb7));
        client = AsapClientConfig.withRegistrars(List.of(List.of(TestRegistrars.asapAddress(registrar))))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        registrar.close();
    }

    private PoolElementRegistration register(int id, int port, PoolMemberSelectionPolicy policy) throws Exception {
        PoolElementRegistration pe = new PoolElementRegistration(client, tcp, POOL, id,
                local -> new TcpTransport(port, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()), policy,
                Duration.ofSeconds(30));
        closeLater.add(pe);
        pe.register(WAIT);
        return pe;
    }

    private HandleResolver resolver() throws IOException {
        HandleResolver r = new HandleResolver(client, tcp, Duration.ZERO);
        closeLater.add(r);
        return r;
    }

    @Test
    void registeredElementIsResolvedThenGoneAfterDeregistration() throws Exception {
        PoolElementRegistration pe = register(0x1001, 40001, PoolMemberSelectionPolicy.roundRobin());
        HandleResolver resolver = resolver();
        List<PoolElement> found = resolver.resolve(POOL, 1, WAIT);
        assertEquals(1, found.size());
        assertEquals(0x1001, found.get(0).identifier());
        assertEquals(0x36acceb7, found.get(0).homeRegistrarIdentifier());
        assertEquals(40001, found.get(0).userTransport().port());
        assertEquals(InetAddress.getByName("127.0.0.1"), found.get(0).userTransport().addresses().get(0));
        assertTrue(found.get(0).asapTransport().isEmpty(), "no ASAP transport in a Handle Resolution Response");
        pe.deregister(WAIT);
        assertThrows(UnknownPoolException.class, () -> resolver.resolve(POOL, 1, WAIT));
    }

    @Test
    void policyOfTheFirstElementRulesThePool() throws Exception {
        register(0x2001, 40001, PoolMemberSelectionPolicy.roundRobin());
        IOException e = assertThrows(IOException.class,
                () -> register(0x2002, 40002, PoolMemberSelectionPolicy.leastUsed(0)));
        assertTrue(e.getMessage().contains("rejected pool element 0x00002002 in pool 'ScriptingPool': "
                + "0x0005 pooling policy inconsistent"), e.getMessage());
    }

    @Test
    void roundRobinHandsOutEveryElementInTurn() throws Exception {
        for (int i = 1; i <= 3; i++) register(0x3000 + i, 40000 + i, PoolMemberSelectionPolicy.roundRobin());
        HandleResolver resolver = resolver();
        Map<Integer, Integer> counts = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int id = resolver.resolve(POOL, 1, WAIT).get(0).identifier();
            counts.merge(id, 1, Integer::sum);
            order.add(id);
        }
        assertEquals(Map.of(0x3001, 100, 0x3002, 100, 0x3003, 100), counts);
        for (int i = 3; i < order.size(); i++) assertEquals(order.get(i - 3), order.get(i), "strict rotation");
    }

    @Test
    void leastUsedWithDegradationSpreadsRequestsBeforeLoadReportsArrive() throws Exception {
        register(0x4001, 40001, PoolMemberSelectionPolicy.leastUsedDegradation(0, 0x80000000L));
        register(0x4002, 40002, PoolMemberSelectionPolicy.leastUsedDegradation(0, 0x80000000L));
        HandleResolver resolver = resolver();
        int first = resolver.resolve(POOL, 1, WAIT).get(0).identifier();
        int second = resolver.resolve(POOL, 1, WAIT).get(0).identifier();
        assertTrue(first != second, "the degradation of the first pick sends the second request elsewhere");
    }

    @Test
    void resolutionReturnsAsManyElementsAsAskedFor() throws Exception {
        for (int i = 1; i <= 5; i++) register(0x5000 + i, 40000 + i, PoolMemberSelectionPolicy.roundRobin());
        HandleResolver resolver = resolver();
        assertEquals(4, resolver.resolve(POOL, 4, WAIT).size());
        assertEquals(5, resolver.resolve(POOL, 128, WAIT).size());
    }

    @Test
    void elementThatStopsAnsweringKeepAlivesIsRemoved() throws Exception {
        AsapPeer silent = AsapPeer.connect(tcp, TestRegistrars.asapAddress(registrar));
        closeLater.add(silent);
        silent.send(new Registration(POOL, element(0x6001, 40001, silent.local())));
        assertInstanceOf(RegistrationResponse.class, silent.next(WAIT));
        HandleResolver resolver = resolver();
        assertEquals(0x6001, resolver.resolve(POOL, 1, WAIT).get(0).identifier());
        AsapMessage probe = silent.next(WAIT);
        assertInstanceOf(EndpointKeepAlive.class, probe, "probed after the keep-alive interval");
        assertEquals(0x36acceb7, ((EndpointKeepAlive) probe).serverIdentifier());
        awaitGone(resolver);
        assertTrue(silent.lost.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null, "its association is aborted");
    }

    @Test
    void elementWhoseAssociationDiesIsRemovedAtOnce() throws Exception {
        AsapPeer peer = AsapPeer.connect(tcp, TestRegistrars.asapAddress(registrar));
        peer.send(new Registration(POOL, element(0x7001, 40001, peer.local())));
        assertInstanceOf(RegistrationResponse.class, peer.next(WAIT));
        HandleResolver resolver = resolver();
        assertEquals(0x7001, resolver.resolve(POOL, 1, WAIT).get(0).identifier());
        peer.association.abort();
        awaitGone(resolver);
    }

    @Test
    void unreachableReportsOfOneClientCountOnce() throws Exception {
        register(0x8001, 40001, PoolMemberSelectionPolicy.roundRobin());
        HandleResolver resolver = resolver();
        for (int i = 0; i < 5; i++) {
            assertEquals(0x8001, resolver.resolve(POOL, 1, WAIT).get(0).identifier());
            resolver.reportUnreachable(POOL, 0x8001);
        }
        // §3.9: the reports of 127.0.0.1 count once, and --max-bad-pe-reports is 3 (removal by distinct clients:
        // handlespace RemovalTest)
        assertEquals(0x8001, resolver.resolve(POOL, 1, WAIT).get(0).identifier());
    }

    @Test
    void registrationWithAddressesTheRegistrarCannotSeeIsRefused() throws Exception {
        AsapPeer peer = AsapPeer.connect(tcp, TestRegistrars.asapAddress(registrar));
        closeLater.add(peer);
        peer.send(new Registration(POOL, element(0x9001, 40001, InetAddress.getByName("127.0.0.99"))));
        RegistrationResponse r = (RegistrationResponse) peer.next(WAIT);
        assertTrue(r.isFailure());
        assertEquals(ErrorCause.RSPLIB_NO_USABLE_USER_ADDRESSES, r.error().orElseThrow().firstCode());
    }

    @Test
    void malformedBytesAreAnsweredWithAnErrorAndTheRegistrarKeepsServing() throws Exception {
        AsapPeer peer = AsapPeer.connect(tcp, TestRegistrars.asapAddress(registrar));
        closeLater.add(peer);
        peer.association.send(Protocol.ASAP, new byte[] {0x01, 0x00, 0x00, 0x0c, 0x00, 0x09, 0x00, 0x40, 1, 2, 3, 4});
        AsapError error = assertInstanceOf(AsapError.class, peer.next(WAIT));
        assertNotNull(error.error());
        peer.send(new Registration(POOL, element(0xa001, 40001, peer.local())));
        assertTrue(!((RegistrationResponse) peer.next(WAIT)).isFailure(), "the same association still works");
        register(0xa002, 40002, PoolMemberSelectionPolicy.roundRobin());
        assertEquals(2, resolver().resolve(POOL, 10, WAIT).size());
    }

    @Test
    void noReachableRegistrarIsAClearError() throws Exception {
        registrar.close();
        InetSocketAddress dead = TestRegistrars.asapAddress(registrar);
        HandleResolver resolver = resolver();
        NoRegistrarException e = assertThrows(NoRegistrarException.class, () -> resolver.resolve(POOL, 1, WAIT));
        assertTrue(e.getMessage().contains(dead.toString()) || e.getMessage().contains(":" + dead.getPort()),
                e.getMessage());
        registrar = Registrar.start(TestRegistrars.config(0x1));
    }

    private static PoolElement element(int id, int port, InetAddress address) {
        return new PoolElement(id, 0, 90_000, new TcpTransport(port, TransportUse.DATA_PLUS_CONTROL, address),
                PoolMemberSelectionPolicy.roundRobin());
    }

    private static void awaitGone(HandleResolver resolver) throws Exception {
        Await.until("the pool element is no longer resolvable", WAIT, () -> {
            try {
                resolver.resolve(POOL, 1, WAIT);
                return false;
            } catch (UnknownPoolException e) {
                return true;
            }
        });
    }

    /** A hand-driven ASAP endpoint for behaviour the client library would not show (silence, bad bytes). */
}
