package org.raypool.worker.job;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * Commons Exec's shutdown hook, but killing each job's whole tree rather than only the started process, so no
 * job outlives a worker that is stopped (under bubblewrap {@code --die-with-parent} also covers a worker that dies
 * by SIGKILL).
 */
final class ProcessTreeDestroyer implements ProcessDestroyer {
    static final ProcessTreeDestroyer INSTANCE = new ProcessTreeDestroyer();

    private final Set<Process> processes = ConcurrentHashMap.newKeySet();

    private ProcessTreeDestroyer() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(ProcessTree::kill),
                "raypool-job-destroyer"));
    }

    @Override
    public boolean add(Process process) {
        return processes.add(process);
    }

    @Override
    public boolean remove(Process process) {
        return processes.remove(process);
    }

    @Override
    public int size() {
        return processes.size();
    }
}
