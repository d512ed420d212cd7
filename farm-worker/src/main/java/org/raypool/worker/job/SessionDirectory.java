package org.raypool.worker.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A session's private directory, {@code $TMPDIR/rspSS-Session-XXXXXX} like RSPLIB's mkdtemp
 * (docs/protocol/scripting-service.md §5.1), and its removal at the end of the session.
 */
public final class SessionDirectory {
    private final Path path;

    private SessionDirectory(Path path) {
        this.path = path;
    }

    /** {@code $TMPDIR}, or /tmp when unset, as RSPLIB uses. */
    public static Path defaultParent() {
        String tmp = System.getenv("TMPDIR");
        return Path.of(tmp == null || tmp.isBlank() ? "/tmp" : tmp);
    }

    /** Creates a new 0700 session directory under {@code parent}. */
    public static SessionDirectory create(Path parent) throws IOException {
        Files.createDirectories(parent);
        return new SessionDirectory(Files.createTempDirectory(parent, "rspSS-Session-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toRealPath());
    }

    /** An existing session directory, e.g. to remove it. */
    static SessionDirectory at(Path path) {
        return new SessionDirectory(path);
    }

    public Path path() {
        return path;
    }

    public Path input() {
        return path.resolve(SessionFiles.INPUT);
    }

    public Path environment() {
        return path.resolve(SessionFiles.ENVIRONMENT);
    }

    public Path output() {
        return path.resolve(SessionFiles.OUTPUT);
    }

    public Path status() {
        return path.resolve(SessionFiles.STATUS);
    }

    /**
     * Removes the directory and everything in it (kill the job first). Links the job left are removed, never
     * followed; directories the job made unreadable are opened up again first.
     */
    public void delete() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
