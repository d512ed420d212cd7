package org.raypool.worker.job;

import java.nio.file.Path;

/**
 * A work package unpacked into its session directory.
 *
 * @param sessionDir the session directory (real path)
 * @param format     the detected archive format
 * @param entries    archive entries unpacked (files and directories)
 * @param bytes      file content bytes written
 * @param ssrun      the executable {@code ssrun}
 */
public record UnpackedPackage(Path sessionDir, ArchiveFormat format, int entries, long bytes, Path ssrun) {
}
