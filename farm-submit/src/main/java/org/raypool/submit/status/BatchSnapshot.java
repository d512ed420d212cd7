package org.raypool.submit.status;

import java.util.List;
import java.util.Optional;
import org.raypool.asap.RegistrarConnection;

/**
 * The batch at one moment.
 *
 * @param done      images there (rendered now or found from an earlier run)
 * @param failed    jobs given up
 * @param total     jobs in the batch
 * @param sessions  sessions running now
 * @param registrar the registrar association, empty while there is none
 */
public record BatchSnapshot(int done, int failed, int total, List<Session> sessions,
        Optional<RegistrarConnection> registrar) {

    public BatchSnapshot {
        sessions = List.copyOf(sessions);
    }

    /** @param ageMicros since the session connected, -1 while it is connecting */
    public record Session(int peIdentifier, long ageMicros) {
    }

    /** The one line for cspmonitor: {@code 3/10 images done}. */
    public String cspText() {
        return done + "/" + total + " images done" + (failed == 0 ? "" : ", " + failed + " failed");
    }
}
