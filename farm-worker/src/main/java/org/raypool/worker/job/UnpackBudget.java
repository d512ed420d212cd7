package org.raypool.worker.job;

import org.raypool.worker.job.WorkPackageException.Reason;

/**
 * Counts what an unpack has used against {@link WorkPackageLimits}. Bytes are claimed before they are written, so
 * the limit is never exceeded on disk, whatever the archive headers claim.
 */
final class UnpackBudget {
    private final WorkPackageLimits limits;
    private int entries;
    private long bytes;

    UnpackBudget(WorkPackageLimits limits) {
        this.limits = limits;
    }

    void claimEntry() throws WorkPackageException {
        if (entries >= limits.maxEntries()) {
            throw new WorkPackageException(Reason.TOO_MANY_ENTRIES,
                    "the work package has more than " + limits.maxEntries() + " entries (the limit)");
        }
        entries++;
    }

    /** Refuses an entry up front whose header already announces more than is left. */
    void checkDeclared(String name, long declaredBytes) throws WorkPackageException {
        if (declaredBytes < 0 || declaredBytes > limits.maxUnpackedBytes() - bytes) {
            throw new WorkPackageException(Reason.TOO_LARGE, "entry '" + name + "' declares " + declaredBytes
                    + " bytes, more than the " + (limits.maxUnpackedBytes() - bytes)
                    + " bytes left of the unpacked size limit of " + limits.maxUnpackedBytes() + " bytes");
        }
    }

    void claimBytes(String name, int count) throws WorkPackageException {
        if (count > limits.maxUnpackedBytes() - bytes) {
            throw new WorkPackageException(Reason.TOO_LARGE, "unpacking entry '" + name
                    + "' exceeds the unpacked size limit of " + limits.maxUnpackedBytes() + " bytes");
        }
        bytes += count;
    }

    int entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }
}
