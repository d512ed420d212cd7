package org.raypool.registrar.status;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import org.raypool.csp.ComponentStatus;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.csp.LocationText;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.Workload;

/**
 * The registrar in cspmonitor (docs/protocol/csp.md §4.2, §5): {@code PR $<id>},
 * RSPLIB's "N[M] PEs in P Pools, K Peers", one association per ENRP peer, and as load the share of time its event
 * loop was busy since the last report
 * (RSPLIB's registrar reports none; ours has one thread that does all the work, so its busy-ness is the load).
 */
public final class RegistrarCsp {
    private final RegistrarStatus status;
    private final IntSupplier asapPort;
    private long lastCpu = -1;
    private long lastWall;

    private RegistrarCsp(RegistrarStatus status, IntSupplier asapPort) {
        this.status = status;
        this.asapPort = asapPort;
    }

    public static CspReporter start(CspConfig config, RegistrarStatus status, IntSupplier asapPort)
            throws IOException {
        RegistrarCsp csp = new RegistrarCsp(status, asapPort);
        return CspReporter.start(config, ComponentId.registrar(status.identifier()), csp::status);
    }

    ComponentStatus status() {
        RegistrarSnapshot snapshot = status.snapshot();
        int protocol = ComponentAssociation.protocolOf(status.transport());
        List<ComponentAssociation> peers = snapshot.peers().stream()
                .map(p -> ComponentAssociation.of(ComponentId.registrar(Integer.parseUnsignedInt(
                        p.id().substring(2), 16)), ComponentAssociation.UNKNOWN_DURATION, protocol,
                        ComponentAssociation.PPID_ENRP))
                .toList();
        return new ComponentStatus(LocationText.of(OptionalInt.of(asapPort.getAsInt())), snapshot.cspText(),
                loopLoad(), peers);
    }

    private int loopLoad() {
        long cpu = status.loop().cpuTimeNanos();
        long wall = System.nanoTime();
        if (cpu < 0) return Workload.NONE;
        double load = lastCpu < 0 || wall == lastWall ? 0.0 : (cpu - lastCpu) / (double) (wall - lastWall);
        lastCpu = cpu;
        lastWall = wall;
        return Workload.of(load);
    }
}
