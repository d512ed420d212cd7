package org.raypool.worker.job;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.raypool.cli.archive.HeaderGuardStream;
import org.raypool.worker.job.WorkPackageException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a session's {@code input.data} into the session directory, as scriptingcontrol's
 * {@code tar xf / xzf / xjf} does, but refusing anything hostile
 * (docs/protocol/scripting-service.md §5.3 step 3 and 4).
 *
 * <p>Policy: only regular files and directories are unpacked. Links of both kinds are refused whatever their
 * target, because even an in-tree symbolic link can be re-pointed by a later entry or followed by the worker when
 * it reads results; POV-Ray packages have no use for them. Devices, FIFOs and other entry types are refused.
 * Names must be relative and free of {@code ..}. Modes are reduced to owner-only: files become 0700 if any execute
 * bit was set, else 0600; directories 0700; no set-id bits. Modification times of files are kept.
 *
 * <p>On refusal everything this unpack created is removed again and the session directory is as before (less a
 * file that an entry replaced, which ends the session anyway).
 */
public final class WorkPackageUnpacker {
    private static final Logger log = LoggerFactory.getLogger(WorkPackageUnpacker.class);

    /** Bytes the tar reader may consume for one entry's headers (long names, PAX records, padding). */
    static final long MAX_HEADER_BYTES = 1 << 20;
    private static final int MAX_NAME_COMPONENT_BYTES = 255;
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> NEW_FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> EXECUTABLE_MODE = PosixFilePermissions.fromString("rwx------");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final WorkPackageLimits limits;

    public WorkPackageUnpacker(WorkPackageLimits limits) {
        this.limits = limits;
    }

    public WorkPackageLimits limits() {
        return limits;
    }

    /**
     * Unpacks {@code <sessionDir>/input.data} into {@code sessionDir} and makes {@code ssrun} executable (0700).
     *
     * @throws WorkPackageException the package was refused; nothing of it is left behind
     * @throws IOException          the worker's own file system failed (disk full, permissions)
     */
    public UnpackedPackage unpack(String sessionId, Path sessionDir) throws WorkPackageException, IOException {
        Path root = sessionDir.toRealPath();
        Path input = root.resolve(SessionFiles.INPUT);
        if (!Files.isRegularFile(input, NOFOLLOW)) {
            throw new IOException("session " + sessionId + ": " + input + " is missing");
        }
        long size = Files.size(input);
        List<Path> created = new ArrayList<>();
        UnpackBudget budget = new UnpackBudget(limits);
        boolean done = false;
        try {
            limits.checkUploadSize(size);
            if (size == 0) {
                throw new WorkPackageException(Reason.EMPTY, "the work package is empty");
            }
            ArchiveFormat format = detect(input);
            unpackEntries(root, input, format, budget, created);
            Path ssrun = root.resolve(SessionFiles.SSRUN);
            if (!Files.isRegularFile(ssrun, NOFOLLOW)) {
                throw new WorkPackageException(Reason.MISSING_SSRUN, Files.isDirectory(ssrun, NOFOLLOW)
                        ? "'ssrun' in the work package is a directory, not the script to run"
                        : "the work package has no 'ssrun' at its top level, so there is nothing to run");
            }
            Files.setPosixFilePermissions(ssrun, EXECUTABLE_MODE);
            done = true;
            log.info("session {}: unpacked work package ({}, {} bytes): {} entries, {} bytes", sessionId, format,
                    size, budget.entries(), budget.bytes());
            return new UnpackedPackage(root, format, budget.entries(), budget.bytes(), ssrun);
        } catch (WorkPackageException e) {
            log.warn("session {}: work package refused: {}", sessionId, e.getMessage());
            throw e;
        } finally {
            if (!done) {
                removeCreated(sessionId, created);
            }
        }
    }

    private static ArchiveFormat detect(Path input) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(input)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return ArchiveFormat.detect(head, n);
    }

    private void unpackEntries(Path root, Path input, ArchiveFormat format, UnpackBudget budget, List<Path> created)
            throws WorkPackageException, IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
        try (raw) {
            InputStream decompressed;
            try {
                decompressed = switch (format) {
                    case TAR -> raw;
                    case TAR_GZIP -> GzipCompressorInputStream.builder().setInputStream(raw)
                            .setDecompressConcatenated(true).get();
                    case TAR_BZIP2 -> new BZip2CompressorInputStream(raw, true);
                };
            } catch (IOException | RuntimeException e) {
                throw corrupt(format, e);
            }
            HeaderGuardStream guard = new HeaderGuardStream(decompressed, MAX_HEADER_BYTES);
            TarArchiveInputStream tar = new TarArchiveInputStream(guard, StandardCharsets.UTF_8.name());
            byte[] buffer = new byte[1 << 16];
            boolean first = true;
            for (TarArchiveEntry entry; (entry = nextEntry(tar, guard, format, first)) != null; first = false) {
                budget.claimEntry();
                Path relative = checkName(entry.getName());
                checkType(entry);
                if (relative == null) {
                    continue;
                }
                if (entry.isDirectory()) {
                    makeDirectories(root, relative, entry.getName(), created);
                } else {
                    writeFile(root, relative, entry, tar, format, budget, buffer, created);
                }
            }
            if (first) {
                throw new WorkPackageException(Reason.NOT_AN_ARCHIVE, "the work package holds no files: it is not a "
                        + "tar, tar.gz or tar.bz2 archive, or an empty one");
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, HeaderGuardStream guard, ArchiveFormat format,
            boolean first) throws WorkPackageException {
        guard.beginHeader();
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (HeaderGuardStream.HeaderTooLargeException e) {
            throw new WorkPackageException(Reason.CORRUPT, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (first) {
                throw notAnArchive(format, e);
            }
            throw corrupt(format, e);
        } finally {
            guard.endHeader();
        }
        if (entry != null && !entry.isCheckSumOK()) {
            if (first) {
                throw notAnArchive(format, null);
            }
            throw new WorkPackageException(Reason.CORRUPT, "the " + format
                    + " work package is damaged: entry '" + entry.getName() + "' has a wrong header checksum");
        }
        return entry;
    }

    /** The entry's path relative to the session directory, or null for the directory itself ({@code ./}). */
    private Path checkName(String name) throws WorkPackageException {
        if (name.isEmpty()) {
            throw new WorkPackageException(Reason.BAD_NAME, "the work package has an entry without a name");
        }
        if (name.length() > limits.maxPathLength()) {
            throw new WorkPackageException(Reason.PATH_TOO_LONG, "entry '" + abbreviate(name) + "' has a path of "
                    + name.length() + " characters, longer than the limit of " + limits.maxPathLength());
        }
        if (name.indexOf('\0') >= 0) {
            throw new WorkPackageException(Reason.BAD_NAME, "entry '" + abbreviate(name) + "' has a NUL in its name");
        }
        if (name.startsWith("/")) {
            throw new WorkPackageException(Reason.ABSOLUTE_PATH, "entry '" + name
                    + "' has an absolute path; only paths relative to the session directory are allowed");
        }
        StringBuilder clean = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new WorkPackageException(Reason.PATH_ESCAPE,
                        "entry '" + name + "' points outside the session directory ('..' is not allowed)");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_COMPONENT_BYTES) {
                throw new WorkPackageException(Reason.PATH_TOO_LONG, "entry '" + abbreviate(name)
                        + "' has a name component longer than " + MAX_NAME_COMPONENT_BYTES + " bytes");
            }
            if (clean.length() > 0) {
                clean.append('/');
            }
            clean.append(part);
        }
        if (clean.length() == 0) {
            return null;
        }
        try {
            return Path.of(clean.toString());
        } catch (InvalidPathException e) {
            throw new WorkPackageException(Reason.BAD_NAME,
                    "entry '" + abbreviate(name) + "' has a name this system cannot use as a file name", e);
        }
    }

    private static void checkType(TarArchiveEntry entry) throws WorkPackageException {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            throw new WorkPackageException(Reason.LINK, "entry '" + name + "' is a symbolic link to '"
                    + entry.getLinkName() + "'; work packages may not contain links");
        }
        if (entry.isLink()) {
            throw new WorkPackageException(Reason.LINK, "entry '" + name + "' is a hard link to '"
                    + entry.getLinkName() + "'; work packages may not contain links");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            throw new WorkPackageException(Reason.SPECIAL_FILE, "entry '" + name
                    + "' is a device file; work packages may contain only regular files and directories");
        }
        if (entry.isFIFO()) {
            throw new WorkPackageException(Reason.SPECIAL_FILE, "entry '" + name
                    + "' is a FIFO; work packages may contain only regular files and directories");
        }
        if (entry.isDirectory()) {
            return;
        }
        byte type = entry.getLinkFlag();
        boolean regular = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM
                || type == TarConstants.LF_CONTIG || entry.isSparse();
        if (!regular) {
            throw new WorkPackageException(Reason.UNSUPPORTED_ENTRY, "entry '" + name + "' has the unsupported type '"
                    + (char) type + "'; work packages may contain only regular files and directories");
        }
    }

    private static void makeDirectories(Path root, Path relative, String name, List<Path> created)
            throws WorkPackageException, IOException {
        Path current = root;
        for (Path part : relative) {
            current = current.resolve(part.toString());
            if (Files.isDirectory(current, NOFOLLOW)) {
                continue;
            }
            if (Files.exists(current, NOFOLLOW)) {
                throw new WorkPackageException(Reason.CONFLICT, "entry '" + name + "' needs '"
                        + root.relativize(current) + "' to be a directory, but it is a file");
            }
            Files.createDirectory(current, DIRECTORY_MODE);
            created.add(current);
        }
    }

    private static void writeFile(Path root, Path relative, TarArchiveEntry entry, TarArchiveInputStream tar,
            ArchiveFormat format, UnpackBudget budget, byte[] buffer, List<Path> created)
            throws WorkPackageException, IOException {
        String name = entry.getName();
        budget.checkDeclared(name, Math.max(entry.getSize(), entry.getRealSize()));
        if (relative.getParent() != null) {
            makeDirectories(root, relative.getParent(), name, created);
        }
        Path target = root.resolve(relative);
        if (!target.normalize().startsWith(root)) {
            throw new WorkPackageException(Reason.PATH_ESCAPE, "entry '" + name + "' points outside the session directory");
        }
        if (Files.isDirectory(target, NOFOLLOW)) {
            throw new WorkPackageException(Reason.CONFLICT,
                    "entry '" + name + "' is a file, but the package already made a directory of that name");
        }
        // Replace, never write through: an existing file is unlinked first, as tar does.
        Files.deleteIfExists(target);
        OutputStream out;
        try {
            out = Channels.newOutputStream(Files.newByteChannel(target,
                    Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    NEW_FILE_MODE));
        } catch (FileAlreadyExistsException e) {
            throw new WorkPackageException(Reason.CONFLICT, "entry '" + name + "' could not replace an existing file", e);
        }
        created.add(target);
        try (out) {
            while (true) {
                int n;
                try {
                    n = tar.read(buffer, 0, buffer.length);
                } catch (HeaderGuardStream.HeaderTooLargeException e) {
                    throw new WorkPackageException(Reason.CORRUPT, e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw corrupt(format, e);
                }
                if (n < 0) {
                    break;
                }
                budget.claimBytes(name, n);
                out.write(buffer, 0, n);
            }
        }
        if ((entry.getMode() & 0111) != 0) {
            Files.setPosixFilePermissions(target, EXECUTABLE_MODE);
        }
        if (entry.getLastModifiedTime() != null) {
            Files.setLastModifiedTime(target, entry.getLastModifiedTime());
        }
    }

    private static void removeCreated(String sessionId, List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                log.warn("session {}: could not remove {} after a refused unpack: {}", sessionId, created.get(i), e.toString());
            }
        }
    }

    private static WorkPackageException notAnArchive(ArchiveFormat format, Exception cause) {
        String what = switch (format) {
            case TAR -> "a tar, tar.gz or tar.bz2 archive";
            case TAR_GZIP -> "a tar archive, although it is gzip-compressed";
            case TAR_BZIP2 -> "a tar archive, although it is bzip2-compressed";
        };
        return new WorkPackageException(Reason.NOT_AN_ARCHIVE, "the work package is not " + what
                + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    private static WorkPackageException corrupt(ArchiveFormat format, Exception cause) {
        return new WorkPackageException(Reason.CORRUPT,
                "the " + format + " work package is damaged: " + cause.getMessage(), cause);
    }

    private static String abbreviate(String name) {
        return name.length() <= 80 ? name : name.substring(0, 60) + "..." + name.substring(name.length() - 17);
    }
}
