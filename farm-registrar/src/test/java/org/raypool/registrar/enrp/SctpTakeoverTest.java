package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.RegistrarConfig;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.Await;
import org.raypool.transport.Transports;
import org.raypool.transport.sctp.SctpAvailability;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TransportUse;

/**
 * Over SCTP as over TCP, a takeover's H-bit Endpoint Keep-Alive reaches a pool element at the ASAP transport it
 * registered from (docs/protocol/registrar-behaviour.md §3.6, §6.3): two registrars peered over SCTP, a PE that
 * knows only the first, the first closed; the second takes the PE over, the PE calls it its home and re-registers
 * there. Runs in the
 * SCTP guest (scripts/test-sctp); skips where the kernel has no SCTP unless {@code raypool.sctp.required} is set.
 */
class SctpTakeoverTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final long UNIT_MS = 400;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Registrar> registrars = new ArrayList<>();

    @BeforeEach
    void sctp() {
        SctpAvailability.assumeSctp();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        registrars.forEach(Registrar::close);
    }

    private Registrar registrar(int id, Registrar... peers) throws Exception {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Registrar p : peers) addresses.add(TestRegistrars.enrpAddress(p));
        RegistrarConfig c = TestRegistrars.enrpConfig(id, UNIT_MS, addresses);
        Registrar r = Registrar.start(new RegistrarConfig(c.identifier(), "sctp", c.asapEndpoint(), c.asapAnnounce(),
                c.announceInterface(), c.announceTtl(), c.serverAnnounceCycle(), c.minAddressScope(),
                c.maxHandleResolutionItems(), c.maxBadPeReports(), c.maxIncrement(), c.endpointKeepAliveInterval(),
                c.endpointKeepAliveTimeout(), c.enrp()));
        registrars.add(r);
        return r;
    }

    @Test
    void aPoolElementThatKnewOnlyTheDeadRegistrarIsTakenOverAndCallsTheNewOneItsHome() throws Exception {
        Registrar first = registrar(0xa1);
        Registrar second = registrar(0xb2, first);
        PoolElementRegistration pe = new PoolElementRegistration(TestRegistrars.clientOf(first),
                Transports.forName("sctp"), POOL, 0x11,
                // as a worker registers: the local addresses of the registrar association
                local -> new org.raypool.wire.param.SctpTransport(40011, TransportUse.DATA_PLUS_CONTROL,
                        local.stream().map(InetSocketAddress::getAddress).toList()),
                PoolMemberSelectionPolicy.leastUsed(0), Duration.ofSeconds(30));
        open.add(pe);
        pe.register(Duration.ofSeconds(10));
        Await.until("the second registrar knows PE 0x11", () -> second.inspect(hs -> hs.lookup(POOL, 0x11)
                .isPresent()));
        Await.until("the registrars are peers", () -> first.enrpPeers().size() == 1
                && second.enrpPeers().size() == 1);

        long closed = System.nanoTime();
        first.close();
        Await.until("PE 0x11 calls 0xb2 its home", () -> pe.registrar()
                .map(r -> r.registrarIdentifier() == 0xb2).orElse(false));
        long ms = (System.nanoTime() - closed) / 1_000_000;
        Await.until("0xb2 owns PE 0x11 and holds an association to it", () -> second.inspect(hs ->
                hs.lookup(POOL, 0x11).map(e -> e.homeRegistrarId() == 0xb2 && e.connection() != null)
                        .orElse(false)));
        PoolMemberSelectionPolicy loaded = PoolMemberSelectionPolicy.leastUsed(PoolMemberSelectionPolicy.MAX_FRACTION / 2);
        pe.updatePolicy(loaded);
        Await.until("the new home takes the PE's re-registration", () -> second.inspect(hs -> hs.lookup(POOL, 0x11)
                .map(e -> e.poolElement().policy().equals(loaded)).orElse(false)));
        System.out.printf("sctp: registrar 0xa1 closed; its PE, which knew no other registrar, took 0xb2 as its home "
                + "%d ms later (timers: last heard %d, no response %d ms)%n", ms, UNIT_MS, UNIT_MS);
        assertTrue(ms < 30_000, ms + " ms");
    }
}
