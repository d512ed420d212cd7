package org.raypool.worker.status;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.raypool.csp.ComponentStatus;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.csp.LocationText;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.Workload;

/**
 * The worker in cspmonitor (docs/protocol/csp.md §4, §5): {@code PE $<PE identifier>},
 * "rendering chess.pov, 1/2 sessions", the load it registers when its policy is load-based (else none, as RSPLIB),
 * and its home registrar association.
 */
public final class WorkerCsp {
    private WorkerCsp() {
    }

    public static CspReporter start(CspConfig config, WorkerStatus status) throws IOException {
        return CspReporter.start(config, ComponentId.poolElement(status.identifier()), () -> status(status));
    }

    static ComponentStatus status(WorkerStatus status) {
        WorkerSnapshot s = status.snapshot();
        int protocol = ComponentAssociation.protocolOf(s.transport());
        List<ComponentAssociation> associations = status.registrar().stream()
                .map(r -> ComponentAssociation.of(ComponentId.registrar(r.registrarIdentifier()), r.ageMicros(),
                        protocol, ComponentAssociation.PPID_ASAP))
                .toList();
        int workload = s.load() == null ? Workload.NONE : Workload.of(s.load());
        return new ComponentStatus(LocationText.of(OptionalInt.of(s.port())), s.cspText(), workload, associations);
    }
}
