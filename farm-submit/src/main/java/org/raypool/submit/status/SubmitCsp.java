package org.raypool.submit.status;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.raypool.csp.ComponentStatus;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.csp.LocationText;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.Workload;

/**
 * farm-submit in cspmonitor (docs/protocol/csp.md §3-§5): a pool user with a random 56-bit number, "3/10 images done",
 * no load (as RSPLIB's PUs), its registrar association and one Scripting Service association per running session.
 */
public final class SubmitCsp {
    private SubmitCsp() {
    }

    /** A random pool-user ID, never object 0 (which RSPLIB would not send). */
    public static ComponentId randomId() {
        SecureRandom random = new SecureRandom();
        ComponentId id;
        do {
            id = ComponentId.poolUser(random.nextLong());
        } while (id.object() == 0);
        return id;
    }

    public static CspReporter start(CspConfig config, ComponentId id, String transport, Supplier<BatchSnapshot> batch)
            throws IOException {
        return CspReporter.start(config, id, () -> status(batch.get(), transport));
    }

    static ComponentStatus status(BatchSnapshot batch, String transport) {
        int protocol = ComponentAssociation.protocolOf(transport);
        List<ComponentAssociation> associations = new ArrayList<>();
        batch.registrar().ifPresent(r -> associations.add(ComponentAssociation.of(
                ComponentId.registrar(r.registrarIdentifier()), r.ageMicros(), protocol, ComponentAssociation.PPID_ASAP)));
        for (BatchSnapshot.Session s : batch.sessions()) {
            associations.add(ComponentAssociation.of(ComponentId.poolElement(s.peIdentifier()), s.ageMicros(),
                    protocol, ComponentAssociation.PPID_SCRIPTING));
        }
        return new ComponentStatus(LocationText.of(OptionalInt.empty()), batch.cspText(), Workload.NONE, associations);
    }
}
