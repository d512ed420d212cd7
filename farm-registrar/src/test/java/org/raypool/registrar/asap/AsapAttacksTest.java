package org.raypool.registrar.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.RegistrarConfig;
import org.raypool.registrar.RegistrarLimits;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.HandlespaceLimits;
import org.raypool.registrar.inbound.Admission;
import org.raypool.registrar.inbound.Admissions;
import org.raypool.testing.AsapPeer;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * The ASAP attacks of issue 15 re-enacted in open mode by a raw client against a registrar over real TCP on
 * loopback, next to a real PE registration (the ASAP client library a worker uses): each is refused and the PE stays
 * registered and resolvable (docs/protocol/registrar-behaviour.md §3.9).
 */
class AsapAttacksTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int WORKER_ID = 0x5eed0001;
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private Registrar registrar;

    private void start(RegistrarLimits limits) throws Exception {
        RegistrarConfig config = TestRegistrars.config(0x36acceb7).withLimits(limits);
        registrar = Registrar.start(config);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        if (registrar != null) registrar.close();
    }

    private PoolElementRegistration worker(PoolMemberSelectionPolicy policy) throws Exception {
        PoolElementRegistration pe = new PoolElementRegistration(TestRegistrars.client(registrar), tcp, POOL,
                WORKER_ID, local -> new TcpTransport(40001, TransportUse.DATA_PLUS_CONTROL,
                        local.get(0).getAddress()), policy, Duration.ofSeconds(30));
        closeLater.add(pe);
        pe.register(WAIT);
        return pe;
    }

    private AsapPeer attacker() throws Exception {
        AsapPeer peer = AsapPeer.connect(tcp, TestRegistrars.asapAddress(registrar));
        closeLater.add(peer);
        return peer;
    }

    private HandleResolver resolver() throws Exception {
        HandleResolver r = new HandleResolver(TestRegistrars.client(registrar), tcp, Duration.ZERO);
        closeLater.add(r);
        return r;
    }

    /** The worker's PE is resolvable with its own user port. */
    private void workerStillThere() throws Exception {
        List<PoolElement> found = resolver().resolve(POOL, 10, WAIT);
        PoolElement pe = found.stream().filter(p -> p.identifier() == WORKER_ID).findFirst()
                .orElseThrow(() -> new AssertionError("the worker's PE is gone: " + found));
        assertEquals(40001, pe.userTransport().port(), "not overwritten");
    }

    private static PoolElement forged(InetAddress address, PoolMemberSelectionPolicy policy, long life) {
        return new PoolElement(WORKER_ID, 0, life, new TcpTransport(6666, TransportUse.DATA_PLUS_CONTROL, address),
                policy);
    }

    @Test
    void deregisteringAForeignPeIsRefused() throws Exception {
        start(RegistrarLimits.DEFAULTS);
        worker(PoolMemberSelectionPolicy.roundRobin());
        AsapPeer attacker = attacker();
        attacker.send(new Deregistration(POOL, WORKER_ID));
        DeregistrationResponse r = assertInstanceOf(DeregistrationResponse.class, attacker.next(WAIT));
        assertEquals(ErrorCause.REJECTED_SECURITY, r.error().orElseThrow().firstCode());
        workerStillThere();
    }

    @Test
    void overwritingAnIdentifierFromAnotherAssociationIsRefused() throws Exception {
        start(RegistrarLimits.DEFAULTS);
        worker(PoolMemberSelectionPolicy.roundRobin());
        AsapPeer attacker = attacker();
        attacker.send(new Registration(POOL, forged(attacker.local(), PoolMemberSelectionPolicy.roundRobin(),
                30_000)));
        RegistrationResponse r = assertInstanceOf(RegistrationResponse.class, attacker.next(WAIT));
        assertTrue(r.isFailure());
        assertEquals(ErrorCause.NON_UNIQUE_PE_IDENTIFIER, r.error().orElseThrow().firstCode());
        workerStillThere();
    }

    @Test
    void oneClientReportingAPeUnreachableCannotRemoveIt() throws Exception {
        start(RegistrarLimits.DEFAULTS);
        worker(PoolMemberSelectionPolicy.roundRobin());
        AsapPeer attacker = attacker();
        for (int i = 0; i < 50; i++) attacker.send(new EndpointUnreachable(POOL, WORKER_ID));
        AsapPeer second = attacker();
        for (int i = 0; i < 50; i++) second.send(new EndpointUnreachable(POOL, WORKER_ID));
        attacker.send(HandleResolution.of(POOL));
        assertInstanceOf(HandleResolutionResponse.class, attacker.next(WAIT), "the reports were handled before");
        workerStillThere();
    }

    @Test
    void squattingAnEmptyPoolWithAnotherPolicyIsRefused() throws Exception {
        start(new RegistrarLimits(32, 64, Duration.ofMinutes(10), -1, -1, HandlespaceLimits.DEFAULTS
                .withFixedPolicies(Map.of(POOL, PolicyType.LEAST_USED))));
        AsapPeer attacker = attacker();
        attacker.send(new Registration(POOL, new PoolElement(0x0bad, 0, 30_000, new TcpTransport(6666,
                TransportUse.DATA_PLUS_CONTROL, attacker.local()), PoolMemberSelectionPolicy.roundRobin())));
        RegistrationResponse r = assertInstanceOf(RegistrationResponse.class, attacker.next(WAIT));
        assertEquals(ErrorCause.POOLING_POLICY_INCONSISTENT, r.error().orElseThrow().firstCode());
        worker(PoolMemberSelectionPolicy.leastUsed(0));
        workerStillThere();
    }

    @Test
    void aHandleResolutionFloodIsRateLimitedPerClient() throws Exception {
        start(new RegistrarLimits(32, 64, Duration.ofMinutes(10), 20, 5, HandlespaceLimits.DEFAULTS));
        worker(PoolMemberSelectionPolicy.roundRobin());
        AsapPeer attacker = attacker();
        for (int i = 0; i < 200; i++) attacker.send(HandleResolution.of(POOL));
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            HandleResolutionResponse r = assertInstanceOf(HandleResolutionResponse.class, attacker.next(WAIT));
            if (r.error().isPresent()) {
                assertEquals(ErrorCause.REJECTED_SECURITY, r.error().get().firstCode());
                refused++;
            }
        }
        assertTrue(refused > 150, "200 at once against --max-hr-rate 20: refused " + refused);
        workerStillThere();
    }

    @Test
    void sixtyFourKibOfUnknownParametersGetOneErrorMessage() throws Exception {
        start(RegistrarLimits.DEFAULTS);
        worker(PoolMemberSelectionPolicy.roundRobin());
        AsapPeer attacker = attacker();
        byte[] hr = AsapCodec.INSTANCE.encode(HandleResolution.of(POOL));
        byte[] flood = AsapPeer.withUnknownParameters(hr);
        attacker.association.send(Protocol.ASAP, flood);
        assertInstanceOf(HandleResolutionResponse.class, attacker.next(WAIT));
        AsapError error = assertInstanceOf(AsapError.class, attacker.next(WAIT));
        assertEquals(RegistrarLimits.DEFAULT_MAX_ERROR_CAUSES, error.error().causes().size());
        AsapMessage more = attacker.received.poll(500, TimeUnit.MILLISECONDS);
        assertEquals(null, more, "one Error, not 16,377");
        workerStillThere();
    }

    @Test
    void oneAddressHoldsAtMostTheConfiguredAssociations() throws Exception {
        start(new RegistrarLimits(32, 3, Duration.ofMinutes(10), -1, -1, HandlespaceLimits.DEFAULTS));
        List<AsapPeer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) peers.add(attacker());
        assertTrue(aborted(), "the 4th from 127.0.0.1 is aborted");
        peers.get(0).close();
        Await.until("room for a new association", WAIT, () -> !aborted());
    }

    /** A new association is aborted by the registrar (while connecting or at once after), or it is answered. */
    private boolean aborted() throws Exception {
        AsapPeer p;
        try {
            p = attacker();
        } catch (java.io.IOException e) {
            return true;
        }
        try {
            p.send(HandleResolution.of(POOL));
        } catch (java.io.IOException e) {
            return true; // the registrar's abort (RST) came before our send
        }
        AsapMessage answer = p.received.poll(2, TimeUnit.SECONDS);
        if (answer != null) return false;
        assertNotNull(p.lost.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "neither answered nor aborted");
        return true;
    }

    @Test
    void registrationLifeIsCappedAndOwnedByItsAssociation() throws Exception {
        start(new RegistrarLimits(32, 64, Duration.ofSeconds(60), -1, -1, HandlespaceLimits.DEFAULTS));
        AsapPeer pe = attacker();
        pe.send(new Registration(POOL, forged(pe.local(), PoolMemberSelectionPolicy.roundRobin(), 0xFFFF_FFFFL)));
        assertTrue(!((RegistrationResponse) pe.next(WAIT)).isFailure());
        assertEquals(60_000, resolver().resolve(POOL, 1, WAIT).get(0).registrationLife());
        pe.send(new Registration(POOL, forged(pe.local(), PoolMemberSelectionPolicy.roundRobin(), 30_000)));
        assertTrue(!((RegistrationResponse) pe.next(WAIT)).isFailure(), "its own association may re-register");
        pe.send(new Deregistration(POOL, WORKER_ID));
        DeregistrationResponse r = assertInstanceOf(DeregistrationResponse.class, pe.next(WAIT));
        assertTrue(r.error().isEmpty(), "and deregister");
    }

    @Test
    void theAdmissionStepRefusesBeforeTheServerSeesTheMessage() throws Exception {
        // every association is a student's (USER) here, as over TLS with a user certificate
        Admissions roles = Admissions.roles(AsapRoleRule.admission());
        registrar = Registrar.start(TestRegistrars.config(0x36acceb7), new Admissions(roles.asap(), roles.enrp(),
                association -> Optional.of(new PeerIdentity(Role.USER, "student", Instant.MAX))));
        AsapPeer user = attacker();
        user.send(new Registration(POOL, forged(user.local(), PoolMemberSelectionPolicy.roundRobin(), 30_000)));
        RegistrationResponse refused = assertInstanceOf(RegistrationResponse.class, user.next(WAIT));
        assertTrue(refused.isFailure());
        assertEquals(ErrorCause.REJECTED_SECURITY, refused.error().orElseThrow().firstCode());
        user.send(HandleResolution.of(POOL));
        HandleResolutionResponse r = assertInstanceOf(HandleResolutionResponse.class, user.next(WAIT));
        assertEquals(ErrorCause.UNKNOWN_POOL_HANDLE, r.error().orElseThrow().firstCode(), "nothing registered");
    }
}
