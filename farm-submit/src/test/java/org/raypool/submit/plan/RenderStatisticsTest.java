package org.raypool.submit.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** POV-Ray 3.7's time statistics, as ssrun's output.txt holds them (lines copied from real renders here). */
class RenderStatisticsTest {

    private static final String PARSER = """
            ssrun: povray +WT1 +A0.3 +FN +W80 +H60 -D -V -P +Iglass-marbles.pov +Oout/image
            ----------------------------------------------------------------------------
            Parser Time
              Parse Time:       0 hours  0 minutes  0 seconds (0.002 seconds)
                          using 1 thread(s) with 0.001 CPU-seconds total
              Bounding Time:    0 hours  0 minutes  0 seconds (0.000 seconds)
                          using 1 thread(s) with 0.000 CPU-seconds total
            ----------------------------------------------------------------------------
            """;

    @Test
    void photonsAndTraceOfGlassMarbles() {
        RenderStatistics s = RenderStatistics.parse(PARSER + """
                Render Time:
                  Photon Time:      0 hours  0 minutes  0 seconds (0.356 seconds)
                              using 4 thread(s) with 0.404 CPU-seconds total
                  Radiosity Time:   No radiosity
                  Trace Time:       0 hours  0 minutes  4 seconds (4.185 seconds)
                              using 1 thread(s) with 4.133 CPU-seconds total
                POV-Ray finished

                ssrun: POV-Ray exit code 0
                """).orElseThrow();
        assertEquals(new RenderStatistics(0.001, 0.000, 0.404, 0, 4.133), s, "the CPU-seconds of each phase");
        assertEquals(0.405, s.fixedSeconds(), 1e-9);
        assertEquals(4.538, s.totalSeconds(), 1e-9);
    }

    @Test
    void radiosityOfKnotCountsAsFixed() {
        RenderStatistics s = RenderStatistics.parse(PARSER + """
                Render Time:
                  Photon Time:      No photons
                  Radiosity Time:   0 hours  0 minutes  0 seconds (0.216 seconds)
                              using 1 thread(s) with 0.192 CPU-seconds total
                  Trace Time:       0 hours  0 minutes  0 seconds (0.125 seconds)
                              using 1 thread(s) with 0.124 CPU-seconds total
                POV-Ray finished
                """).orElseThrow();
        assertEquals(0, s.photonSeconds());
        assertEquals(0.192, s.radiositySeconds());
        assertEquals(0.001 + 0.192, s.fixedSeconds(), 1e-9);
        assertEquals(0.124, s.traceSeconds());
    }

    @Test
    void theWallTimeWhenNoCpuLineFollows() {
        RenderStatistics s = RenderStatistics.parse("""
                  Trace Time:       0 hours  1 minutes  2 seconds (62.500 seconds)
                POV-Ray finished
                """).orElseThrow();
        assertEquals(62.5, s.traceSeconds());
        assertEquals(0, s.fixedSeconds());
    }

    @Test
    void aFailedRenderHasNoStatistics() {
        assertTrue(RenderStatistics.parse(PARSER.replace("Parser Time", "==== [Parsing...] ====") + """
                File 'bad.pov' line 2: Parse Error: No matching } in 'sphere', End of File found
                 instead
                Fatal error in parser: Cannot parse input.
                Render failed
                ssrun: POV-Ray exit code 1
                """).isEmpty());
        assertTrue(RenderStatistics.parse("").isEmpty());
    }
}
