package org.raypool.worker.status;

import java.util.List;
import java.util.stream.Collectors;
import org.raypool.worker.session.ScriptingServer.EndedSession;

/**
 * The worker at one moment, written as {@code /status.json} as it is.
 *
 * @param id                 PE identifier, {@code 0x%08x}
 * @param pool               pool handle
 * @param transport          sctp or tcp
 * @param port               the scripting service's port
 * @param serving            whether it takes new sessions now (a serve window is open and it is not stopping)
 * @param registered         whether it is registered as pool element
 * @param registrar          the home registrar, {@code 0x%08x}, null while there is no registrar association
 *                           ("0x00000000": connected, its ID not known yet)
 * @param registrarMs        how long the registrar association has lasted, null without one
 * @param maxSessions        sessions it serves at once
 * @param policy             selection policy with the values it registers now
 * @param load               registered load 0..1, null when the policy has none
 * @param sessions           the sessions now
 * @param cache              the environment cache
 * @param serveWindow        the serve windows
 * @param jobs               whether jobs can run here; while they cannot, the worker is out of the pool
 * @param recent             the last sessions that ended, newest first
 * @param endedSessions      sessions ended since the start
 */
public record WorkerSnapshot(String id, String pool, String transport, int port, boolean serving, boolean registered,
        String registrar, Long registrarMs, int maxSessions, String policy, Double load, List<SessionStatus> sessions,
        CacheStatus cache, WindowStatus serveWindow, JobsStatus jobs, List<EndedSession> recent, long endedSessions) {

    public WorkerSnapshot {
        sessions = List.copyOf(sessions);
        recent = List.copyOf(recent);
    }

    /**
     * @param job  what it renders, "" before the work package is unpacked
     * @param user the name in the user's certificate (docs/security.md); null in open mode
     */
    public record SessionStatus(String id, String state, String job, long ageMs, String peer, String user) {
    }

    public record CacheStatus(int entries, long bytes, int maxEntries, long maxBytes) {
    }

    /** @param nextChange when a window next opens or closes (ISO local time), null if never */
    public record WindowStatus(boolean alwaysOpen, boolean openNow, String nextChange) {
    }

    /**
     * @param canRun         false while the worker is withdrawn from the pool because its self-check fails
     * @param problem        what the self-check found and the fix, null while jobs can run
     * @param withdrawnSince when the worker withdrew (ISO instant), null while jobs can run
     * @param nextCheck      when it checks itself again (ISO instant), null while jobs can run
     */
    public record JobsStatus(boolean canRun, String problem, String withdrawnSince, String nextCheck) {
    }

    /** The one line for cspmonitor: {@code rendering chess.pov, 1/2 sessions}. */
    public String cspText() {
        String count = sessions.size() + "/" + maxSessions + " sessions";
        String jobs = sessions.stream().filter(s -> !s.job().isEmpty())
                .map(s -> s.user() == null ? s.job() : s.job() + " for " + s.user()).distinct()
                .collect(Collectors.joining(", "));
        if (!jobs.isEmpty()) return "rendering " + jobs + ", " + count;
        if (!this.jobs.canRun()) return "withdrawn, cannot run jobs, " + count;
        if (!sessions.isEmpty()) return "receiving work, " + count;
        if (!serving) return (serveWindow.openNow() ? "stopping" : "outside serve windows") + ", " + count;
        return "idle, " + count;
    }
}
