package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --bands N}: whole 32-row blocks, as even as possible, the last band possibly shorter. */
class BandTest {

    @Test
    void aFrameIsCutIntoWholeBlocksAsEvenAsPossible() {
        assertEquals(List.of(new Band(1, 32), new Band(33, 96), new Band(97, 160)), Band.split(160, 3));
        assertEquals(List.of(new Band(1, 64), new Band(65, 160), new Band(161, 240)), Band.split(240, 3));
        assertEquals(List.of(new Band(1, 160), new Band(161, 320), new Band(321, 480)), Band.split(480, 3));
        assertEquals(List.of(new Band(1, 32), new Band(33, 33)), Band.split(33, 5));
        assertEquals(List.of(new Band(1, 32), new Band(33, 64), new Band(65, 100)), Band.split(100, 3));
    }

    @Test
    void neverMoreBandsThanBlocksAndOneBandIsTheWholeFrame() {
        assertEquals(List.of(new Band(1, 32), new Band(33, 60)), Band.split(60, 3));
        assertEquals(List.of(new Band(1, 20)), Band.split(20, 4));
        assertEquals(List.of(new Band(1, 480)), Band.split(480, 1));
    }

    @Test
    void everySplitCoversTheFrameOnceInBlockAlignedBandsOfAtMostOneBlockDifference() {
        for (int height = 1; height <= 700; height++) {
            for (int n = 1; n <= 12; n++) {
                List<Band> bands = Band.split(height, n);
                int blocks = (height + 31) / 32;
                assertEquals(Math.min(n, blocks), bands.size(), height + "/" + n);
                int next = 1;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (Band b : bands) {
                    assertEquals(next, b.startRow(), height + "/" + n + ": " + bands);
                    assertTrue(b.isBlockAligned(), b.toString());
                    int ownBlocks = (b.rows() + 31) / 32;
                    min = Math.min(min, ownBlocks);
                    max = Math.max(max, ownBlocks);
                    next = b.endRow() + 1;
                }
                assertEquals(height + 1, next, height + "/" + n + ": " + bands);
                assertTrue(max - min <= 1, height + "/" + n + ": " + bands);
            }
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Band.split(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Band.split(100, 0));
    }
}
