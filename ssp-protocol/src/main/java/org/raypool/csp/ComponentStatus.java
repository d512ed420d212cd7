package org.raypool.csp;

import java.util.List;
import java.util.Objects;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.Workload;

/**
 * What a component says about itself in one report: everything but who it is and when.
 *
 * @param location     where it runs ({@link LocationText})
 * @param status       one line of status
 * @param workload     the wire workload ({@link Workload})
 * @param associations its live connections to other components
 */
public record ComponentStatus(String location, String status, int workload, List<ComponentAssociation> associations) {
    public ComponentStatus {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        associations = List.copyOf(associations);
    }
}
