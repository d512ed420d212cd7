package org.raypool.worker.job;

import java.nio.file.Path;
import java.util.List;

/**
 * How jobs are confined.
 *
 * @param mode          auto, bwrap or none
 * @param hiddenPaths   directories the job must not see, in addition to /home, /root, /tmp, /var/tmp, /run and the
 *                      parent of its session directory: the worker's cache directory, its state and configuration
 * @param jobUser       the identity jobs run as when the worker is root (a job running as uid 0 could read
 *                      /etc/shadow or SSH host keys and return them in output.data); unused otherwise
 * @param tmpfsBytes    size of each private tmpfs (/tmp, /var/tmp, /dev/shm) in the sandbox; they live in RAM
 * @param bwrapCommand  the bubblewrap executable, looked up in PATH unless absolute
 * @param unshareCommand the util-linux unshare executable of the {@code unshare} tier, looked up in PATH unless
 *                      absolute
 */
public record SandboxConfig(SandboxMode mode, List<Path> hiddenPaths, JobUser jobUser, long tmpfsBytes,
        String bwrapCommand, String unshareCommand) {

    public static final long DEFAULT_TMPFS_BYTES = 256L << 20;

    public SandboxConfig {
        if (mode == null || jobUser == null || bwrapCommand == null || bwrapCommand.isBlank()
                || unshareCommand == null || unshareCommand.isBlank() || tmpfsBytes < 1) {
            throw new IllegalArgumentException("incomplete sandbox configuration");
        }
        hiddenPaths = hiddenPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public static SandboxConfig of(SandboxMode mode) {
        return new SandboxConfig(mode, List.of(), JobUser.NOBODY, DEFAULT_TMPFS_BYTES, "bwrap", "unshare");
    }

    public SandboxConfig withHiddenPaths(List<Path> value) {
        return new SandboxConfig(mode, value, jobUser, tmpfsBytes, bwrapCommand, unshareCommand);
    }

    public SandboxConfig withJobUser(JobUser value) {
        return new SandboxConfig(mode, hiddenPaths, value, tmpfsBytes, bwrapCommand, unshareCommand);
    }

    public SandboxConfig withTmpfsBytes(long value) {
        return new SandboxConfig(mode, hiddenPaths, jobUser, value, bwrapCommand, unshareCommand);
    }

    public SandboxConfig withBwrapCommand(String value) {
        return new SandboxConfig(mode, hiddenPaths, jobUser, tmpfsBytes, value, unshareCommand);
    }

    public SandboxConfig withUnshareCommand(String value) {
        return new SandboxConfig(mode, hiddenPaths, jobUser, tmpfsBytes, bwrapCommand, value);
    }
}
