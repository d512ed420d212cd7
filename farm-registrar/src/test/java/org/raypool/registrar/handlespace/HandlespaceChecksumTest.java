package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.foreign;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolHandle;

/** docs/protocol/asap-enrp-wire.md §4.10 / §9.4 and docs/protocol/registrar-behaviour.md §5.8 / §10.5. */
class HandlespaceChecksumTest {

    private static final PoolHandle CALC = PoolHandle.fromString("CalcAppPool");

    @Test
    void wordSumsOfSection94() {
        Handlespace hs = handlespace();
        assertEquals(0x37B6C, accepted(hs.registerOrUpdate(CALC, rr(0x5562e917), null)).checksumSum());
        assertEquals(0x31825, accepted(hs.registerOrUpdate(CALC, rr(0x3775a3bd), null)).checksumSum());
        assertEquals(0x418D9, accepted(hs.registerOrUpdate(FRACTAL, rr(0x336e014d), null)).checksumSum());
        assertEquals(0x23CF3 + 0x5562 + 0xe917, hs.lookup(CALC, 0x5562e917).orElseThrow().checksumSum(),
                "odd-length handle padded with a low zero byte");
    }

    @Test
    void everyRowOfSection94() {
        // one owner per row of the table
        Handlespace hs = handlespace();
        assertEquals(0xFFFF, hs.checksum(OWN));
        accepted(hs.registerOrUpdate(CALC, foreign(0x5562e917, 1), null));
        accepted(hs.registerOrUpdate(CALC, foreign(0x3775a3bd, 2), null));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x336e014d, 4), null));
        accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, 5), null));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, 5), null));
        assertEquals(0x8490, hs.checksum(1));
        assertEquals(0xE7D7, hs.checksum(2));
        assertEquals(0xE722, hs.checksum(4));
        assertEquals(0x1D21, hs.checksum(5));
        hs.changeOwner(1, 3);
        hs.changeOwner(2, 3);
        assertEquals(0x6C68, hs.checksum(3), "both CalcAppPool PEs (sum 0x69391)");
        assertEquals(new PeChecksum(0x6C68), hs.peChecksum(3));
        assertEquals(PeChecksum.EMPTY, hs.peChecksum(1));
    }

    @Test
    void ownershipChecksumsOfTheHandlespace() {
        Handlespace hs = handlespace();
        assertEquals(0xFFFF, hs.checksum(OWN), "owns nothing (docs/protocol/registrar-behaviour.md §10.4)");
        accepted(hs.registerOrUpdate(CALC, rr(0x5562e917), null));
        assertEquals(0x8490, hs.checksum(OWN));
        accepted(hs.registerOrUpdate(CALC, rr(0x3775a3bd), null));
        assertEquals(0x6C68, hs.checksum(OWN));
        hs.deregister(CALC, 0x5562e917);
        assertEquals(0xE7D7, hs.checksum(OWN));
        hs.deregister(CALC, 0x3775a3bd);
        assertEquals(0xFFFF, hs.checksum(OWN));
    }

    @Test
    void section105PeerViewOfOwnershipChecksum() {
        Handlespace full = handlespace();
        accepted(full.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(full.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        assertEquals(0x1D21, full.checksum(PEER), "same view as the owner: no sync");
        assertEquals(0xFFFF, full.checksum(OWN));

        Handlespace partial = handlespace();
        accepted(partial.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        assertEquals(0x37C6, partial.checksum(PEER), "differs from 0x1D21: sync needed");
    }

    @Test
    void checksumsMoveWithOwnership() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x7faab6d8), null));
        assertEquals(0x37C6, hs.checksum(PEER));
        hs.changeOwner(PEER, OWN);
        assertEquals(0xFFFF, hs.checksum(PEER));
        assertEquals(0x1D21, hs.checksum(OWN));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        assertEquals(0x37C6, hs.checksum(OWN), "update moved FractalGeneratorPool/0x7faab6d8 away");
        assertEquals(PeChecksum.ofSum(PeChecksum.sumOf(FRACTAL, 0x7faab6d8)).value(), hs.checksum(PEER));
    }

    @Test
    void accumulatorWrapsAt32BitsLikeRsplib() {
        byte[] big = new byte[32];
        Arrays.fill(big, (byte) 0xFF);
        PoolHandle handle = new PoolHandle(big);
        Handlespace hs = handlespace();
        int expected = 0;
        for (int id = 1; id <= 5000; id++) {
            accepted(hs.registerOrUpdate(handle, rr(id * 7919), null));
            expected += PeChecksum.sumOf(handle, id * 7919);
        }
        assertEquals(PeChecksum.ofSum(expected).value(), hs.checksum(OWN));
        for (int id = 1; id <= 5000; id += 2) {
            hs.deregister(handle, id * 7919);
            expected -= PeChecksum.sumOf(handle, id * 7919);
        }
        assertEquals(PeChecksum.ofSum(expected).value(), hs.checksum(OWN));
    }
}
