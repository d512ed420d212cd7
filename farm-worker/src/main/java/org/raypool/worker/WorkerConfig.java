package org.raypool.worker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.raypool.asap.AsapClientConfig;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.worker.job.EnvironmentCacheConfig;
import org.raypool.worker.job.JobLimits;
import org.raypool.worker.job.SandboxConfig;
import org.raypool.worker.schedule.ServeSchedule;
import org.raypool.worker.session.SessionConfig;

/**
 * Everything a worker is told at start-up; {@link WorkerMain} is the only place that builds one from options.
 *
 * @param poolHandle             the pool to serve ({@code -poolhandle}, ScriptingPool)
 * @param asap                   how to find registrars
 * @param policy                 {@code --policy}; empty = Least Used with Degradation 1/maxSessions
 *                               (docs/protocol/scripting-service.md §5.4)
 * @param transport              auto, sctp or tcp
 * @param listen                 the scripting service's addresses; port 0 = ephemeral
 * @param identifier             the PE identifier, non-zero
 * @param reregistrationInterval re-registration period; the registration lives three of them
 * @param registrationTimeout    how long a registration may wait for a registrar's answer
 * @param session                what all sessions share (limits, timers, directories)
 * @param cache                  the environment cache
 * @param sandbox                how jobs are confined
 * @param jobLimits              resource limits of one job
 * @param schedule               when to serve
 * @param stopTimeout            how long running sessions may go on after SIGTERM before they are aborted
 * @param selfCheckInterval      how often a worker withdrawn from the pool (it cannot run jobs) checks itself again
 */
public record WorkerConfig(
        PoolHandle poolHandle,
        AsapClientConfig asap,
        Optional<PoolMemberSelectionPolicy> policy,
        String transport,
        List<InetSocketAddress> listen,
        int identifier,
        Duration reregistrationInterval,
        Duration registrationTimeout,
        SessionConfig session,
        EnvironmentCacheConfig cache,
        SandboxConfig sandbox,
        JobLimits jobLimits,
        ServeSchedule schedule,
        Duration stopTimeout,
        Duration selfCheckInterval) {

    public static final String DEFAULT_POOL_HANDLE = "ScriptingPool";
    public static final Duration DEFAULT_REREGISTRATION_INTERVAL = Duration.ofMillis(30_000);
    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);

    public WorkerConfig {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(asap, "asap");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(transport, "transport");
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("the scripting service needs an address to listen on");
        }
        if (identifier == 0) {
            throw new IllegalArgumentException("PE identifier 0 is reserved");
        }
        for (Duration d : new Duration[] {reregistrationInterval, registrationTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("registration timers must be positive");
            }
        }
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(jobLimits, "jobLimits");
        Objects.requireNonNull(schedule, "schedule");
        if (stopTimeout == null || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("the stop timeout must not be negative");
        }
        if (selfCheckInterval == null || selfCheckInterval.isNegative() || selfCheckInterval.isZero()) {
            throw new IllegalArgumentException("the self-check interval must be positive");
        }
    }
}
