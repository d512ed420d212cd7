package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a job's whole process tree. Jobs start under {@code setsid}, so the started process leads a new process
 * group (and session) whose id is its pid; everything ssrun starts stays in that group unless it leaves on
 * purpose. Killing is therefore: SIGKILL to the group (atomic, by {@code kill -KILL -- -pgid}), then SIGKILL to
 * every descendant seen before (catches processes that left the group but still hang in the tree), then a
 * sweep of /proc for group members that were forking meanwhile. Under bubblewrap the PID namespace adds a last net:
 * when its init dies the kernel kills everything inside.
 */
final class ProcessTree {
    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);

    private ProcessTree() {
    }

    static void kill(Process process) {
        long group = process.pid();
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        killGroup(group);
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        sweepGroup(group);
    }

    /**
     * SIGKILL to process group {@code group}. Harmless when the group is gone or was never formed: a pid that
     * is not a group id names no group.
     */
    static void killGroup(long group) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            log.debug("kill(1) unavailable ({}); sweeping /proc for group {}", e.toString(), group);
            sweepGroup(group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sweepGroup(group);
        }
    }

    private static void sweepGroup(long group) {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> members = ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid() && groupOf(p.pid()) == group).toList();
            if (members.isEmpty()) {
                return;
            }
            members.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The process group of {@code pid} from /proc/pid/stat, or -1 if the process is gone. */
    static long groupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may itself contain spaces or ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
