package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Telling a job that never ran (the worker's failure) from a job that failed. */
class JobResultTest {
    private static JobResult failed(int exitCode, boolean hasOutput, String... tail) {
        return new JobResult("s1", JobOutcome.FAILED, exitCode, Duration.ofMillis(5), Path.of("/w/s1/output.data"),
                hasOutput, List.of(tail));
    }

    @Test
    void onlyTheStartersOwnMessagesWithoutResultsMeanTheSetUpFailed() {
        assertTrue(failed(1, false, "stderr: bwrap: Can't find source path /w/s1: Permission denied").setUpFailed());
        assertTrue(failed(1, false, "stderr: setpriv: setresuid failed: Operation not permitted").setUpFailed());
        assertFalse(failed(1, true, "stderr: bwrap: Can't find source path /w/s1: Permission denied").setUpFailed(),
                "ssrun ran: it left its results");
        assertFalse(failed(1, false, "stdout: ssrun: job.conf is missing", "stderr: bwrap: whatever").setUpFailed(),
                "ssrun ran: it spoke");
        assertFalse(failed(1, false).setUpFailed(), "nothing said");
        assertFalse(new JobResult("s1", JobOutcome.KILLED, 137, Duration.ZERO, Path.of("/w/s1/output.data"), false,
                List.of("stderr: bwrap: x")).setUpFailed(), "killed by the worker");
        assertEquals(List.of("bwrap: x", "ssrun: y"), failed(1, false, "stderr: bwrap: x", "stdout: ssrun: y").messages());
    }

    @Test
    void exitCodes125And127MayBeTheWorkers() {
        assertTrue(failed(125, true, "stdout: ssrun: POV-Ray exited 0 but wrote no output.png").mayBeTheWorkers());
        assertTrue(failed(127, true).mayBeTheWorkers());
        assertFalse(failed(1, true).mayBeTheWorkers(), "a parse error is the scene's");
    }
}
