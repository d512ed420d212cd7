package org.raypool.submit.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A built work package: the tar.gz the farm uploads as {@code input.data}, what is in it and
 * why, and notes on what the builder could not follow or left out.
 *
 * @param shownFolder the scene folder as the user names it: package paths resolve against it to the user's files
 * @param notFound    files the scene names that were found nowhere when packaging (name as written, where it is
 *                    named, and the folders we looked in); the render may still find them on the worker, or fail
 */
public record WorkPackage(RenderJob job, List<PackageEntry> entries, List<String> notes, byte[] archive,
        Path shownFolder, List<NotFound> notFound) {

    /** A file the scene names that was not found when packaging: {@code name} as written, {@code looked} where. */
    public record NotFound(String name, String where, String looked) {}

    public WorkPackage {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
        archive = archive.clone();
        notFound = List.copyOf(notFound);
    }

    public WorkPackage(RenderJob job, List<PackageEntry> entries, List<String> notes, byte[] archive) {
        this(job, entries, notes, archive, Path.of("."), List.of());
    }

    /** The user's name for a file in the package, e.g. "scenes/inc/x.inc" for "inc/x.inc". */
    public Path shownPath(String packagePath) {
        return shownFolder.resolve(packagePath).normalize();
    }

    /** The tar.gz bytes (a copy). */
    @Override
    public byte[] archive() {
        return archive.clone();
    }

    public int archiveSize() {
        return archive.length;
    }

    public Optional<PackageEntry> entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    /** SHA-256 of the archive in lower-case hex: equal for equal inputs. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public void writeTo(Path file) throws IOException {
        Files.write(file, archive);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WorkPackage that && job.equals(that.job) && entries.equals(that.entries)
                && notes.equals(that.notes) && Arrays.equals(archive, that.archive);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * job.hashCode() + entries.hashCode()) + Arrays.hashCode(archive);
    }

    @Override
    public String toString() {
        return "WorkPackage[" + job.label() + ", " + entries.size() + " files, " + archive.length + " bytes]";
    }
}
