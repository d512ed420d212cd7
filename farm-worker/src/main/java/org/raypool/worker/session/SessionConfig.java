package org.raypool.worker.session;

import java.nio.file.Path;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.wire.ssp.SspMessage;

/**
 * What every session of a worker shares.
 *
 * @param maxSessions   sessions served at once ({@code -ssmaxthreads}); one more gets Not Ready
 *                      (docs/protocol/scripting-service.md §5.1)
 * @param hostInfo      the Ready / Not Ready info: the host name, made fit by {@link SspMessage#hostInfo}
 * @param workDir       parent of the session directories ({@code $TMPDIR} or /tmp, as RSPLIB)
 * @param keepTemp      keep session directories after the session ({@code -sskeeptempdirs})
 * @param timers        transmit and keep-alive timers
 * @param packageLimits the upload size and unpack limits
 * @param maxSessionsPerAddress sessions one source address may hold at once; one more gets Not Ready (Fully
 *                      Loaded), so a single host cannot take every slot (docs/sandbox.md)
 */
public record SessionConfig(int maxSessions, String hostInfo, Path workDir, boolean keepTemp, SessionTimers timers,
        WorkPackageLimits packageLimits, int maxSessionsPerAddress) {

    public SessionConfig {
        if (maxSessions < 1 || maxSessionsPerAddress < 1) {
            throw new IllegalArgumentException("at least one session must be allowed");
        }
        hostInfo = SspMessage.hostInfo(hostInfo);
        workDir = workDir.toAbsolutePath().normalize();
        if (timers == null || packageLimits == null) {
            throw new IllegalArgumentException("incomplete session configuration");
        }
    }

    /** Any one address may hold every slot. */
    public SessionConfig(int maxSessions, String hostInfo, Path workDir, boolean keepTemp, SessionTimers timers,
            WorkPackageLimits packageLimits) {
        this(maxSessions, hostInfo, workDir, keepTemp, timers, packageLimits, maxSessions);
    }

    public SessionConfig withMaxSessionsPerAddress(int value) {
        return new SessionConfig(maxSessions, hostInfo, workDir, keepTemp, timers, packageLimits, value);
    }
}
