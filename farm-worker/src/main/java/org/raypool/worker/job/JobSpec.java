package org.raypool.worker.job;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of {@code ssrun}: {@code ./ssrun output.data "<envName>" "<keyring>" "<trustdb>"} in the session
 * directory (docs/protocol/scripting-service.md §5.3 step 4).
 *
 * @param sessionId       for log lines
 * @param sessionDir      the unpacked session directory
 * @param withEnvironment whether environment.data was supplied (cached or uploaded); passed as $2
 * @param keyring         $3, or empty
 * @param trustDb         $4, or empty
 */
public record JobSpec(String sessionId, Path sessionDir, boolean withEnvironment, String keyring, String trustDb) {

    public JobSpec {
        if (sessionId == null || sessionDir == null) {
            throw new IllegalArgumentException("a job needs a session id and directory");
        }
        keyring = keyring == null ? "" : keyring;
        trustDb = trustDb == null ? "" : trustDb;
    }

    public static JobSpec of(String sessionId, Path sessionDir) {
        return new JobSpec(sessionId, sessionDir, false, "", "");
    }

    public JobSpec withEnvironment(boolean value) {
        return new JobSpec(sessionId, sessionDir, value, keyring, trustDb);
    }

    public JobSpec withKeys(String keyringPath, String trustDbPath) {
        return new JobSpec(sessionId, sessionDir, withEnvironment, keyringPath, trustDbPath);
    }

    List<String> ssrunCommand() {
        return List.of("./" + SessionFiles.SSRUN, SessionFiles.OUTPUT, withEnvironment ? SessionFiles.ENVIRONMENT : "",
                keyring, trustDb);
    }
}
