package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
