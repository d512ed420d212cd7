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

/** Wire spec §4.10 / §9.4 and registrar spec §5.8 / §10.5. */
class HandlespaceChecksumTest {

    private static final PoolHandle CALC = PoolHandle.of("CalcAppPool");

    @Test
    void wordSumsOfSection94() {
        assertEquals(0x37B6CL, HandlespaceChecksum.entrySum(CALC, 0x5562e917));
        assertEquals(0x31825L, HandlespaceChecksum.entrySum(CALC, 0x3775a3bd));
        assertEquals(0x418D9L, HandlespaceChecksum.entrySum(FRACTAL, 0x336e014d));
        assertEquals(0x23CF3L + 0x5562 + 0xe917, HandlespaceChecksum.entrySum(CALC, 0x5562e917),
                "odd-length handle padded with a low zero byte");
    }

    @Test
    void everyRowOfSection94() {
        assertEquals(0xFFFF, HandlespaceChecksum.finish(0));
        assertEquals(0x8490, HandlespaceChecksum.finish(0x37B6C));
        assertEquals(0xE7D7, HandlespaceChecksum.finish(0x31825));
        assertEquals(0x6C68, HandlespaceChecksum.finish(0x69391));
        assertEquals(0xE722, HandlespaceChecksum.finish(0x418D9));
        long seedOwned = HandlespaceChecksum.entrySum(SCRIPTING, 0x14f2d0d7)
                + HandlespaceChecksum.entrySum(FRACTAL, 0x7faab6d8);
        assertEquals(0x1D21, HandlespaceChecksum.finish(seedOwned));
    }

    @Test
    void ownershipChecksumsOfTheHandlespace() {
        Handlespace<String> hs = handlespace();
        assertEquals(0xFFFF, hs.checksum(OWN), "owns nothing (seed §10.4)");
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
        Handlespace<String> full = handlespace();
        accepted(full.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(full.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        assertEquals(0x1D21, full.checksum(PEER), "same view as the owner: no sync");
        assertEquals(0xFFFF, full.checksum(OWN));

        Handlespace<String> partial = handlespace();
        accepted(partial.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        assertEquals(0x37C6, partial.checksum(PEER), "differs from 0x1D21: sync needed");
    }

    @Test
    void checksumsMoveWithOwnership() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x7faab6d8), null));
        assertEquals(0x37C6, hs.checksum(PEER));
        hs.changeOwner(PEER, OWN);
        assertEquals(0xFFFF, hs.checksum(PEER));
        assertEquals(0x1D21, hs.checksum(OWN));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        assertEquals(0x37C6, hs.checksum(OWN), "update moved FractalGeneratorPool/0x7faab6d8 away");
        assertEquals(HandlespaceChecksum.finish(HandlespaceChecksum.entrySum(FRACTAL, 0x7faab6d8)), hs.checksum(PEER));
    }

    @Test
    void accumulatorWrapsAt32BitsLikeRsplib() {
        byte[] big = new byte[32];
        Arrays.fill(big, (byte) 0xFF);
        PoolHandle handle = PoolHandle.of(big);
        Handlespace<String> hs = handlespace();
        long expected = 0;
        for (int id = 1; id <= 5000; id++) {
            accepted(hs.registerOrUpdate(handle, rr(id * 7919), null));
            expected += HandlespaceChecksum.entrySum(handle, id * 7919);
        }
        assertEquals(HandlespaceChecksum.finish(expected & 0xFFFFFFFFL), hs.checksum(OWN));
        for (int id = 1; id <= 5000; id += 2) {
            hs.deregister(handle, id * 7919);
            expected -= HandlespaceChecksum.entrySum(handle, id * 7919);
        }
        assertEquals(HandlespaceChecksum.finish(expected & 0xFFFFFFFFL), hs.checksum(OWN));
    }
}
