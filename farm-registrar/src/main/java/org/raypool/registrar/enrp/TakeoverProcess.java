package org.raypool.registrar.enrp;

import java.util.HashSet;
import java.util.Set;

/**
 * One running takeover of a silent peer (docs/protocol/registrar-behaviour.md §5.6): the peers whose Init Takeover Ack
 * is missing.
 */
final class TakeoverProcess {
    final int target;
    final Set<Integer> outstandingAcks;
    final long startedAt;

    TakeoverProcess(int target, Set<Integer> outstandingAcks, long startedAt) {
        this.target = target;
        this.outstandingAcks = new HashSet<>(outstandingAcks);
        this.startedAt = startedAt;
    }

    /** @return true when every ack is in */
    boolean acked(int by) {
        outstandingAcks.remove(by);
        return outstandingAcks.isEmpty();
    }
}
