package org.raypool.registrar.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.asap.UnknownPoolException;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** Clients of a registrar that dies switch to another one without losing their registration or request. */
class RegistrarFailoverTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Registrar> registrars = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        registrars.forEach(Registrar::close);
    }

    private Registrar registrar(int id) throws Exception {
        Registrar r = Registrar.start(TestRegistrars.config(id));
        registrars.add(r);
        return r;
    }

    private static AsapClientConfig clientOf(Registrar... rs) {
        return TestRegistrars.clientOf(rs);
    }

    private <T extends AutoCloseable> T closeLater(T t) {
        open.add(t);
        return t;
    }

    @Test
    void poolElementReRegistersWithTheSurvivingRegistrar() throws Exception {
        Registrar a = registrar(0xa);
        Registrar b = registrar(0xb);
        PoolElementRegistration pe = closeLater(new PoolElementRegistration(clientOf(a, b), tcp, POOL, 0x1234,
                local -> new TcpTransport(40001, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                PoolMemberSelectionPolicy.roundRobin(), Duration.ofSeconds(30)));
        pe.register(WAIT);
        HandleResolver atA = closeLater(new HandleResolver(clientOf(a), tcp, Duration.ZERO));
        HandleResolver atB = closeLater(new HandleResolver(clientOf(b), tcp, Duration.ZERO));
        boolean homeIsA = resolvable(atA);
        assertEquals(!homeIsA, resolvable(atB), "registered at exactly one registrar (no ENRP between them)");
        Registrar home = homeIsA ? a : b;
        HandleResolver survivor = homeIsA ? atB : atA;

        long start = System.nanoTime();
        home.close();
        Await.until("the PE moves to the other registrar", WAIT, () -> resolvable(survivor));
        System.out.printf("PE re-registered with the surviving registrar %d ms after its home died%n",
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(homeIsA ? 0xb : 0xa, survivor.resolve(POOL, 1, WAIT).get(0).homeRegistrarIdentifier());
    }

    @Test
    void poolUserKeepsResolvingWhenItsRegistrarDies() throws Exception {
        Registrar a = registrar(0xa);
        Registrar b = registrar(0xb);
        for (Registrar r : List.of(a, b)) {
            closeLater(new PoolElementRegistration(clientOf(r), tcp, POOL, r == a ? 0x1 : 0x2,
                    local -> new TcpTransport(40001, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                    PoolMemberSelectionPolicy.roundRobin(), Duration.ofSeconds(30))).register(WAIT);
        }
        HandleResolver pu = closeLater(new HandleResolver(clientOf(a, b), tcp, Duration.ZERO));
        int first = pu.resolve(POOL, 1, WAIT).get(0).identifier();
        (first == 0x1 ? a : b).close();
        for (int i = 0; i < 20; i++) {
            assertEquals(first == 0x1 ? 0x2 : 0x1, pu.resolve(POOL, 1, WAIT).get(0).identifier(),
                    "every resolution after the loss is answered by the surviving registrar");
        }
    }

    private static boolean resolvable(HandleResolver resolver) throws Exception {
        try {
            resolver.resolve(POOL, 1, WAIT);
            return true;
        } catch (UnknownPoolException e) {
            return false;
        }
    }

    @Test
    void unknownPoolIsNotARegistrarFailure() throws Exception {
        Registrar a = registrar(0xa);
        HandleResolver pu = closeLater(new HandleResolver(clientOf(a), tcp, Duration.ZERO));
        assertThrows(UnknownPoolException.class, () -> pu.resolve(PoolHandle.fromString("NoSuchPool"), 1, WAIT));
    }
}
