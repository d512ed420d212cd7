package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** The hsdump-style reader against a real registrar, with the table split over several responses (M bit). */
class HandlespaceDumpTest {
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    @Test
    void readsTheWholeTableInBlocksOfAtMostTheConfiguredSize() throws Exception {
        Registrar registrar = Registrar.start(TestRegistrars.config(0x5eed).withEnrp(
                TestRegistrars.enrpConfig(0x5eed, 400, List.of()).enrp().get().withMaxElementsPerHandleTableResponse(4)));
        open.add(registrar);
        AsapClientConfig client = TestRegistrars.clientOf(registrar);
        TreeSet<Integer> registered = new TreeSet<>();
        for (int i = 1; i <= 11; i++) {
            PoolHandle pool = PoolHandle.fromString(i % 2 == 0 ? "EvenPool" : "OddPool");
            PoolElementRegistration pe = new PoolElementRegistration(client, tcp, pool, i,
                    local -> new TcpTransport(41000, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                    PoolMemberSelectionPolicy.leastUsed(0x40000000L), Duration.ofSeconds(30));
            open.add(pe);
            pe.register(Duration.ofSeconds(10));
            registered.add(i);
        }
        HandlespaceDump.Result r = HandlespaceDump.fetch(tcp, List.of(TestRegistrars.enrpAddress(registrar)),
                Duration.ofSeconds(10));
        assertEquals(0x5eed, r.registrarIdentifier());
        TreeSet<Integer> dumped = new TreeSet<>();
        for (PoolEntry e : r.entries()) {
            dumped.add(e.poolElement().identifier());
            assertEquals(0x5eed, e.poolElement().homeRegistrarIdentifier());
            assertTrue(e.poolElement().asapTransport().isPresent(), "ENRP entries carry the ASAP transport");
            assertEquals(e.poolElement().identifier() % 2 == 0 ? "EvenPool" : "OddPool", e.poolHandle().toString());
        }
        assertEquals(registered, dumped);
        assertEquals(11, r.entries().size(), "no PE twice across the blocks");
        Await.until("the dump client leaves the peer list", Duration.ofSeconds(10), registrar::enrpPeers,
                List::isEmpty);
    }

    @Test
    void aRegistrarWithoutPeersListsNone() throws Exception {
        Registrar registrar = Registrar.start(TestRegistrars.enrpConfig(0x5eee, 400, List.of()));
        open.add(registrar);
        HandlespaceDump.Result r = HandlespaceDump.fetch(tcp, List.of(TestRegistrars.enrpAddress(registrar)),
                Duration.ofSeconds(10));
        assertEquals(List.of(), r.entries());
        assertEquals(List.of(), r.peers());
    }
}
