package org.raypool.worker.job;

/**
 * What a work package may cost the worker.
 *
 * @param maxUploadBytes   largest accepted {@code input.data}; the session layer checks it while receiving Uploads
 * @param maxEntries       most archive entries (files and directories)
 * @param maxUnpackedBytes most file content bytes written while unpacking, counted as they stream
 * @param maxPathLength    longest entry name in characters
 */
public record WorkPackageLimits(long maxUploadBytes, int maxEntries, long maxUnpackedBytes, int maxPathLength) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L << 20;
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final long DEFAULT_MAX_UNPACKED_BYTES = 1L << 30;
    public static final int DEFAULT_MAX_PATH_LENGTH = 1024;

    public WorkPackageLimits {
        if (maxUploadBytes < 1 || maxEntries < 1 || maxUnpackedBytes < 0 || maxPathLength < 1) {
            throw new IllegalArgumentException("work package limits must be positive");
        }
    }

    public static WorkPackageLimits defaults() {
        return new WorkPackageLimits(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_UNPACKED_BYTES,
                DEFAULT_MAX_PATH_LENGTH);
    }

    public WorkPackageLimits withMaxUploadBytes(long value) {
        return new WorkPackageLimits(value, maxEntries, maxUnpackedBytes, maxPathLength);
    }

    public WorkPackageLimits withMaxEntries(int value) {
        return new WorkPackageLimits(maxUploadBytes, value, maxUnpackedBytes, maxPathLength);
    }

    public WorkPackageLimits withMaxUnpackedBytes(long value) {
        return new WorkPackageLimits(maxUploadBytes, maxEntries, value, maxPathLength);
    }

    public WorkPackageLimits withMaxPathLength(int value) {
        return new WorkPackageLimits(maxUploadBytes, maxEntries, maxUnpackedBytes, value);
    }

    /**
     * The upload check: call it with the running total of work package bytes received so far (after appending
     * each Upload), so an oversized upload is refused before it fills the disk.
     */
    public void checkUploadSize(long receivedBytes) throws WorkPackageException {
        if (receivedBytes > maxUploadBytes) {
            throw new WorkPackageException(WorkPackageException.Reason.UPLOAD_TOO_LARGE,
                    "the work package is larger than the upload limit of " + maxUploadBytes + " bytes");
        }
    }
}
