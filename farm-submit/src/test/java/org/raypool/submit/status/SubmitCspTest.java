package org.raypool.submit.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.asap.RegistrarConnection;
import org.raypool.csp.ComponentStatus;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.Workload;

class SubmitCspTest {
    @Test
    void doneOfTotalWithTheRegistrarAndOneAssociationPerSession() {
        BatchSnapshot batch = new BatchSnapshot(3, 0, 10, List.of(new BatchSnapshot.Session(0x0a0b0c0d, 5_000_000),
                new BatchSnapshot.Session(0x22222222, -1)),
                Optional.of(new RegistrarConnection(0x12345678, System.nanoTime())));
        ComponentStatus status = SubmitCsp.status(batch, "tcp");
        assertEquals("3/10 images done", status.status());
        assertEquals(Workload.NONE, status.workload());
        assertEquals(3, status.associations().size());
        ComponentAssociation registrar = status.associations().get(0);
        assertEquals(ComponentId.registrar(0x12345678), registrar.receiver());
        assertEquals(ComponentAssociation.PPID_ASAP, registrar.ppid());
        assertEquals(ComponentAssociation.TCP, registrar.protocolId());
        assertEquals(ComponentId.poolElement(0x0a0b0c0d), status.associations().get(1).receiver());
        assertEquals(5_000_000, status.associations().get(1).durationMicros());
        assertEquals(ComponentAssociation.PPID_SCRIPTING, status.associations().get(1).ppid());
        assertEquals(ComponentAssociation.UNKNOWN_DURATION, status.associations().get(2).durationMicros(),
                "a session still connecting");
        assertEquals("3/10 images done, 1 failed", new BatchSnapshot(3, 1, 10, List.of(), Optional.empty()).cspText());
    }

    @Test
    void randomIdsArePoolUsersWithANonZeroObject() {
        ComponentId a = SubmitCsp.randomId();
        assertEquals(ComponentId.GROUP_POOL_USER, a.group());
        assertNotEquals(0, a.object());
        assertNotEquals(a, SubmitCsp.randomId());
    }
}
