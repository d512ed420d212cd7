package org.raypool.registrar.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.handlespace.Handlespace;
import org.raypool.registrar.handlespace.HandlespaceConfig;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.registrar.handlespace.RegistrationResult;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** The owning-association and own-address rules of docs/protocol/registrar-behaviour.md §3.9, on values. */
class OwnershipTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final int OWN = 0x36acceb7;
    private static final int PEER = 0x081c671f;
    private final Object worker = new Object();
    private final Object attacker = new Object();

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    private static PoolElementEntry registered(Handlespace hs, int home, Object connection) throws Exception {
        PoolElement pe = new PoolElement(0x11, home, 30_000, new TcpTransport(7000, TransportUse.DATA_PLUS_CONTROL,
                ip(5)), PoolMemberSelectionPolicy.roundRobin(), Optional.of(new TcpTransport(40000,
                TransportUse.DATA_ONLY, ip(6))));
        return ((RegistrationResult.Accepted) hs.registerOrUpdate(POOL, pe, connection)).entry();
    }

    private static Handlespace handlespace() {
        return new Handlespace(HandlespaceConfig.defaults(OWN), new SplittableRandom(1));
    }

    @Test
    void anUnknownIdentifierIsFreeAndTheRegisteringAssociationOwnsIt() throws Exception {
        assertEquals(Ownership.Verdict.NEW, Ownership.of(null, attacker, List.of(ip(9))));
        PoolElementEntry entry = registered(handlespace(), OWN, worker);
        assertEquals(Ownership.Verdict.OWNER, Ownership.of(entry, worker, List.of(ip(5))));
    }

    @Test
    void anotherAssociationIsForeignEvenFromThePesOwnAddress() throws Exception {
        PoolElementEntry entry = registered(handlespace(), OWN, worker);
        assertEquals(Ownership.Verdict.FOREIGN, Ownership.of(entry, attacker, List.of(ip(9))));
        assertEquals(Ownership.Verdict.FOREIGN, Ownership.of(entry, attacker, List.of(ip(5))),
                "while its association lives, only that association may speak for it");
    }

    @Test
    void withoutALiveOwnerOnlyThePesOwnAddressesMayClaimIt() throws Exception {
        PoolElementEntry homedAtPeer = registered(handlespace(), PEER, null);
        assertEquals(Ownership.Verdict.FOREIGN, Ownership.of(homedAtPeer, attacker, List.of(ip(9))));
        assertEquals(Ownership.Verdict.OWN_ADDRESS, Ownership.of(homedAtPeer, worker, List.of(ip(9), ip(5))),
                "user transport address");
        assertEquals(Ownership.Verdict.OWN_ADDRESS, Ownership.of(homedAtPeer, worker, List.of(ip(6))),
                "ASAP transport address");
        PoolElementEntry takenOver = registered(handlespace(), OWN, null);
        assertEquals(Ownership.Verdict.FOREIGN, Ownership.of(takenOver, attacker, List.of(ip(7))));
    }
}
