package org.raypool.worker.job;

import java.time.Duration;

/**
 * Resource limits of one job. The wall-clock limit is enforced by {@link ScriptRunner} (it kills the whole
 * process tree); the others are rlimits set with util-linux {@code prlimit} right before {@code ssrun} is
 * executed, so they apply to ssrun and are inherited by everything it starts (each process gets its own CPU
 * allowance: RLIMIT_CPU is per process). Zero means "no limit".
 *
 * @param maxJobTime          wall-clock time from start until the tree is killed
 * @param maxCpuTime          RLIMIT_CPU (whole seconds; SIGXCPU, then SIGKILL)
 * @param maxAddressSpaceBytes RLIMIT_AS: allocations beyond it fail
 * @param maxFileSizeBytes    RLIMIT_FSIZE: writing beyond it raises SIGXFSZ
 * @param maxProcesses        RLIMIT_NPROC, set inside the sandbox's own user namespace so that it counts this
 *                            session's processes only (docs/sandbox.md); not set with {@code --sandbox none}, where
 *                            it would count every process of the job user
 * @param maxDiskBytes        the session directory's total size, checked by {@link DiskWatch} while the job runs;
 *                            past it the job is killed ({@link JobOutcome#DISK_LIMIT})
 */
public record JobLimits(Duration maxJobTime, Duration maxCpuTime, long maxAddressSpaceBytes, long maxFileSizeBytes,
        int maxProcesses, long maxDiskBytes) {

    public static final Duration DEFAULT_MAX_JOB_TIME = Duration.ofHours(4);
    public static final Duration DEFAULT_MAX_CPU_TIME = Duration.ofHours(4);
    public static final long DEFAULT_MAX_ADDRESS_SPACE_BYTES = 4L << 30;
    public static final long DEFAULT_MAX_FILE_SIZE_BYTES = 2L << 30;
    public static final int DEFAULT_MAX_PROCESSES = 256;
    public static final long DEFAULT_MAX_DISK_BYTES = 4L << 30;

    public JobLimits {
        if (maxJobTime == null || maxCpuTime == null || maxJobTime.isNegative() || maxCpuTime.isNegative()
                || maxAddressSpaceBytes < 0 || maxFileSizeBytes < 0 || maxProcesses < 0 || maxDiskBytes < 0) {
            throw new IllegalArgumentException("job limits must be zero (none) or positive");
        }
        if (!maxCpuTime.isZero() && maxCpuTime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the CPU time limit has a resolution of one second");
        }
    }

    public static JobLimits defaults() {
        return new JobLimits(DEFAULT_MAX_JOB_TIME, DEFAULT_MAX_CPU_TIME, DEFAULT_MAX_ADDRESS_SPACE_BYTES,
                DEFAULT_MAX_FILE_SIZE_BYTES, DEFAULT_MAX_PROCESSES, DEFAULT_MAX_DISK_BYTES);
    }

    public static JobLimits none() {
        return new JobLimits(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0);
    }

    public JobLimits withMaxJobTime(Duration value) {
        return new JobLimits(value, maxCpuTime, maxAddressSpaceBytes, maxFileSizeBytes, maxProcesses,
                maxDiskBytes);
    }

    public JobLimits withMaxCpuTime(Duration value) {
        return new JobLimits(maxJobTime, value, maxAddressSpaceBytes, maxFileSizeBytes, maxProcesses,
                maxDiskBytes);
    }

    public JobLimits withMaxAddressSpaceBytes(long value) {
        return new JobLimits(maxJobTime, maxCpuTime, value, maxFileSizeBytes, maxProcesses, maxDiskBytes);
    }

    public JobLimits withMaxFileSizeBytes(long value) {
        return new JobLimits(maxJobTime, maxCpuTime, maxAddressSpaceBytes, value, maxProcesses, maxDiskBytes);
    }

    public JobLimits withMaxProcesses(int value) {
        return new JobLimits(maxJobTime, maxCpuTime, maxAddressSpaceBytes, maxFileSizeBytes, value, maxDiskBytes);
    }

    public JobLimits withMaxDiskBytes(long value) {
        return new JobLimits(maxJobTime, maxCpuTime, maxAddressSpaceBytes, maxFileSizeBytes, maxProcesses, value);
    }

    boolean hasRlimits() {
        return !maxCpuTime.isZero() || maxAddressSpaceBytes > 0 || maxFileSizeBytes > 0 || maxProcesses > 0;
    }

    @Override
    public String toString() {
        return "wall " + (maxJobTime.isZero() ? "none" : maxJobTime.toSeconds() + " s")
                + ", cpu " + (maxCpuTime.isZero() ? "none" : maxCpuTime.toSeconds() + " s")
                + ", as " + (maxAddressSpaceBytes == 0 ? "none" : (maxAddressSpaceBytes >> 20) + " MiB")
                + ", fsize " + (maxFileSizeBytes == 0 ? "none" : (maxFileSizeBytes >> 20) + " MiB")
                + ", nproc " + (maxProcesses == 0 ? "none" : maxProcesses)
                + ", disk " + (maxDiskBytes == 0 ? "none" : (maxDiskBytes >> 20) + " MiB");
    }
}
