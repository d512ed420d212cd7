package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransportsTest {

    @Test
    void autoPicksSctpExactlyWhenTheKernelHasIt() {
        String reason = Transports.sctpUnavailableReason();
        assertEquals(reason == null ? "sctp" : "tcp", Transports.auto().name());
        assertEquals(Transports.auto().name(), Transports.forName("Auto").name());
    }

    @Test
    void explicitNames() {
        assertEquals("tcp", Transports.forName("tcp").name());
        assertEquals("tcp", Transports.forName(" TCP ").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.forName("udp"));
        assertTrue(e.getMessage().contains("auto, sctp or tcp"), e.getMessage());
    }

    @Test
    void sctpWhereTheKernelLacksItNamesTheCauseAndTheFix() {
        String reason = Transports.sctpUnavailableReason();
        if (reason == null) {
            assertEquals("sctp", Transports.forName("sctp").name());
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Transports.forName("sctp"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("--transport tcp"), e.getMessage());
    }
}
