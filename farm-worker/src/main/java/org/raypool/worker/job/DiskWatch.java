package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The disk a session uses: the length of every file below its directory, links not followed. RLIMIT_FSIZE
 * bounds one file only; a job writing many files is caught by this total, checked while it runs (docs/sandbox.md).
 */
final class DiskWatch {
    private DiskWatch() {
    }

    /** Bytes below {@code dir}, sparse files at their full length; 0 when it is gone. */
    static long bytesUsed(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // a directory the job closed to its owner (the worker's own uid when it is not root) still counts
                    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                            total[0] += bytesUsed(file);
                        } catch (IOException | UnsupportedOperationException ignored) {
                            // gone meanwhile, or not ours: counted on the next check or by nobody's limit
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
