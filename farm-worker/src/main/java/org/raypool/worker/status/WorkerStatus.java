package org.raypool.worker.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.raypool.asap.RegistrarConnection;
import org.raypool.transport.AddressSpec;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.worker.JobReadiness;
import org.raypool.worker.Worker;
import org.raypool.worker.WorkerConfig;
import org.raypool.worker.job.EnvironmentCache;
import org.raypool.worker.registration.WorkerRegistration;
import org.raypool.worker.schedule.ServeSchedule;
import org.raypool.worker.session.ScriptingServer;
import org.raypool.worker.session.ServerSessionRunner;

/** Reads a {@link WorkerSnapshot} from the running worker's own objects; any thread. */
public final class WorkerStatus {
    private final Worker worker;

    public WorkerStatus(Worker worker) {
        this.worker = worker;
    }

    public int identifier() {
        return worker.config().identifier();
    }

    public WorkerSnapshot snapshot() {
        WorkerConfig config = worker.config();
        ScriptingServer server = worker.server();
        WorkerRegistration registration = worker.registration();
        Optional<RegistrarConnection> registrar = registration.registrar();
        PoolMemberSelectionPolicy policy = registration.policy();
        Double load = policy.has(PolicyType.Word.LOAD)
                ? PoolMemberSelectionPolicy.toFraction(policy.word(PolicyType.Word.LOAD)) : null;
        List<WorkerSnapshot.SessionStatus> sessions = server.sessions().stream()
                .filter(s -> !s.stateName().equals("closed"))
                .map(WorkerStatus::session).toList();
        EnvironmentCache cache = worker.cache();
        ServeSchedule schedule = config.schedule();
        Instant now = worker.clock().instant();
        ZoneId zone = worker.clock().getZone();
        return new WorkerSnapshot(hex(config.identifier()), config.poolHandle().toString(), config.transport(),
                worker.port(), server.isServing(), registration.isRegistered(),
                registrar.map(r -> hex(r.registrarIdentifier())).orElse(null),
                registrar.map(r -> r.ageMicros() / 1000).orElse(null), config.session().maxSessions(),
                policy.type().rsplibName(), load, sessions,
                new WorkerSnapshot.CacheStatus(cache.size(), cache.totalBytes(), config.cache().maxEntries(),
                        config.cache().maxBytes()),
                new WorkerSnapshot.WindowStatus(schedule.isAlwaysOpen(), schedule.isOpen(now, zone),
                        schedule.nextChange(now, zone).map(t -> t.atZone(zone).toLocalDateTime().toString())
                                .orElse(null)),
                jobs(worker.jobReadiness()), server.recentlyEnded(), server.endedSessions());
    }

    private static WorkerSnapshot.JobsStatus jobs(JobReadiness.Snapshot r) {
        return new WorkerSnapshot.JobsStatus(r.ready(), r.problem().orElse(null),
                r.since().map(Instant::toString).orElse(null), r.nextCheck().map(Instant::toString).orElse(null));
    }

    private static WorkerSnapshot.SessionStatus session(ServerSessionRunner s) {
        String peer = s.association().remoteAddresses().stream().findFirst().map(AddressSpec::format).orElse("");
        String user = s.association().peerIdentity().map(PeerIdentity::name).orElse(null);
        return new WorkerSnapshot.SessionStatus(s.id(), s.stateName(),
                s.job().orElse(""), s.ageMillis(), peer, user);
    }

    /** The registrar association as the registration sees it (for CSP). */
    Optional<RegistrarConnection> registrar() {
        return worker.registration().registrar();
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }
}
