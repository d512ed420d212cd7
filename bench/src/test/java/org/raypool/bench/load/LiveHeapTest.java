package org.raypool.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveHeapTest {
    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@17.0.15)
               2:           500          12000  java.lang.String (java.base@17.0.15)
               3:            10            480  java.util.TreeMap$Entry (java.base@17.0.15)
            Total          1510          76480
            """;
    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1200          70000  [B (java.base@17.0.15)
               2:          4010         160480  java.util.TreeMap$Entry (java.base@17.0.15)
               3:           500          12000  java.lang.String (java.base@17.0.15)
               4:          1000          56000  org.raypool.registrar.handlespace.PoolElementEntry
            Total          6710         298480
            """;

    @Test
    void totalsAndGrowthByClass() throws IOException {
        LiveHeap before = LiveHeap.parse(BEFORE);
        LiveHeap after = LiveHeap.parse(AFTER);
        assertEquals(76480, before.bytes());
        assertEquals(1510, before.instances());
        assertEquals(298480 - 76480, after.bytes() - before.bytes());
        List<LiveHeap.Growth> growth = after.growthSince(before, 2);
        assertEquals(List.of(new LiveHeap.Growth("java.util.TreeMap$Entry", 4000, 160000),
                new LiveHeap.Growth("org.raypool.registrar.handlespace.PoolElementEntry", 1000, 56000)), growth);
    }

    @Test
    void outputWithoutTotalIsAnError() {
        assertThrows(IOException.class, () -> LiveHeap.parse("12345:\nCould not find class histogram\n"));
    }
}
