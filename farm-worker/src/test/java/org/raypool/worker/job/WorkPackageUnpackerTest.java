package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.worker.job.WorkPackageException.Reason;

class WorkPackageUnpackerTest {
    private static final String SSRUN = "#!/bin/sh\necho hello > \"$1\"\n";

    @TempDir
    Path root;
    Path work;
    Path session;
    Set<String> outsideBefore;
    byte[] passwdBefore;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectory(root.resolve("work"));
        session = Files.createDirectory(work.resolve("rspSS-Session-test"));
        Files.writeString(work.resolve("other-file"), "not yours");
        outsideBefore = outside();
        passwdBefore = Files.readAllBytes(Path.of("/etc/passwd"));
    }

    private WorkPackageException refused(byte[] pkg) throws IOException {
        return refused(pkg, WorkPackageLimits.defaults());
    }

    private WorkPackageException refused(byte[] pkg, WorkPackageLimits limits) throws IOException {
        Files.write(session.resolve(SessionFiles.INPUT), pkg);
        WorkPackageException e = assertThrows(WorkPackageException.class,
                () -> new WorkPackageUnpacker(limits).unpack("t1", session));
        assertUntouched();
        return e;
    }

    /** Nothing outside the session directory changed and nothing of the package is left inside it. */
    private void assertUntouched() throws IOException {
        assertEquals(outsideBefore, outside());
        assertArrayEquals(passwdBefore, Files.readAllBytes(Path.of("/etc/passwd")));
        try (Stream<Path> left = Files.list(session)) {
            assertEquals(List.of(SessionFiles.INPUT),
                    left.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    /** Every path under the test root except the session directory's content. */
    private Set<String> outside() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.startsWith(session) || p.equals(session)).map(Path::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private UnpackedPackage unpack(byte[] pkg) throws Exception {
        Files.write(session.resolve(SessionFiles.INPUT), pkg);
        return new WorkPackageUnpacker(WorkPackageLimits.defaults()).unpack("t1", session);
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void unpacksEveryFormatKeepingTheExecutableBit(ArchiveFormat format) throws Exception {
        TarBuilder b = TarBuilder.create().file("ssrun", SSRUN.getBytes(StandardCharsets.UTF_8), 0644)
                .file("input.pov", "sphere { 0, 1 }").directory("inc").file("./inc/colors.inc", "#declare R = 1;")
                .script("tools/render.sh", "#!/bin/sh\n");
        byte[] pkg = switch (format) {
            case TAR -> b.tar();
            case TAR_GZIP -> b.tarGz();
            case TAR_BZIP2 -> b.tarBz2();
        };
        UnpackedPackage result = unpack(pkg);
        assertEquals(format, result.format());
        assertEquals(5, result.entries());
        assertEquals("#declare R = 1;", Files.readString(session.resolve("inc/colors.inc")));
        assertEquals("rwx------", mode(session.resolve("ssrun")), "ssrun is chmod 700 even if packed 0644");
        assertEquals("rwx------", mode(session.resolve("tools/render.sh")));
        assertEquals("rw-------", mode(session.resolve("input.pov")));
        assertEquals("rwx------", mode(session.resolve("tools")));
        assertEquals(session.toRealPath().resolve("ssrun"), result.ssrun());
        assertEquals(outsideBefore, outside());
    }

    @Test
    void dotDotEscapeIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN).file("../escape", "x").tar());
        assertEquals(Reason.PATH_ESCAPE, e.reason());
        assertEquals("entry '../escape' points outside the session directory ('..' is not allowed)", e.getMessage());
        assertFalse(Files.exists(work.resolve("escape")));
    }

    @Test
    void dotDotInsideAPathIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().file("a/../../other-file", "overwritten").tar());
        assertEquals(Reason.PATH_ESCAPE, e.reason());
        assertEquals("not yours", Files.readString(work.resolve("other-file")));
    }

    @Test
    void absolutePathIsRefused() throws Exception {
        Path target = root.resolve("abs/path");
        WorkPackageException e = refused(TarBuilder.create().file(target.toString(), "x").tarGz());
        assertEquals(Reason.ABSOLUTE_PATH, e.reason());
        assertEquals("entry '" + target + "' has an absolute path; only paths relative to the session directory"
                + " are allowed", e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Path.of("/abs/path")));
    }

    @Test
    void symlinkToEtcPasswdThenAFileWrittenThroughItIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN)
                .symlink("passwd", "/etc/passwd").file("passwd", "root::0:0::/:/bin/sh\n").tar());
        assertEquals(Reason.LINK, e.reason());
        assertEquals("entry 'passwd' is a symbolic link to '/etc/passwd'; work packages may not contain links",
                e.getMessage());
        assertFalse(Files.exists(session.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinkedDirectoryThenAFileBelowItIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().symlink("up", "..").file("up/planted", "x").tar());
        assertEquals(Reason.LINK, e.reason());
        assertFalse(Files.exists(work.resolve("planted")));
    }

    @Test
    void inTreeSymlinkIsRefusedToo() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN).symlink("run", "ssrun").tar());
        assertEquals(Reason.LINK, e.reason());
        assertEquals("entry 'run' is a symbolic link to 'ssrun'; work packages may not contain links", e.getMessage());
    }

    @Test
    void hardLinkToOutsideIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().hardLink("shadow", "/etc/passwd").tar());
        assertEquals(Reason.LINK, e.reason());
        assertEquals("entry 'shadow' is a hard link to '/etc/passwd'; work packages may not contain links",
                e.getMessage());
    }

    @Test
    void characterDeviceIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN).charDevice("mem", 1, 1).tar());
        assertEquals(Reason.SPECIAL_FILE, e.reason());
        assertEquals("entry 'mem' is a device file; work packages may contain only regular files and directories",
                e.getMessage());
    }

    @Test
    void fifoIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().fifo("pipe").tar());
        assertEquals(Reason.SPECIAL_FILE, e.reason());
        assertEquals("entry 'pipe' is a FIFO; work packages may contain only regular files and directories",
                e.getMessage());
    }

    @Test
    void hundredThousandEntriesAreRefusedAtTheDefaultLimit() throws Exception {
        TarBuilder b = TarBuilder.create().script("ssrun", SSRUN);
        for (int i = 0; i < 100_000; i++) {
            b.file("f/" + i, new byte[0], 0644);
        }
        b.writeTarGz(session.resolve(SessionFiles.INPUT));
        WorkPackageException e = assertThrows(WorkPackageException.class,
                () -> new WorkPackageUnpacker(WorkPackageLimits.defaults()).unpack("t1", session));
        assertEquals(Reason.TOO_MANY_ENTRIES, e.reason());
        assertEquals("the work package has more than 10000 entries (the limit)", e.getMessage());
        assertUntouched();
    }

    @Test
    void gzipBombIsStoppedAtTheUnpackedSizeLimit() throws Exception {
        byte[] bomb = TarBuilder.create().script("ssrun", SSRUN).zeros("zeros", 8L << 20).tarGz();
        assertTrue(bomb.length < 64 << 10, "8 MiB of zeros compress to " + bomb.length + " bytes");
        WorkPackageException e = refused(bomb, WorkPackageLimits.defaults().withMaxUnpackedBytes(1 << 20));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("entry 'zeros' declares 8388608 bytes, more than the "), e.getMessage());
    }

    @Test
    void manySmallFilesAddUpToTheLimit() throws Exception {
        TarBuilder b = TarBuilder.create().script("ssrun", SSRUN);
        for (int i = 0; i < 8; i++) {
            b.zeros("part" + i, 300 << 10);
        }
        WorkPackageException e = refused(b.tarBz2(), WorkPackageLimits.defaults().withMaxUnpackedBytes(1 << 20));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("entry 'part3' declares 307200 bytes"), e.getMessage());
    }

    @Test
    void streamedBytesAreCountedWhateverTheHeaderSays() throws Exception {
        UnpackBudget budget = new UnpackBudget(WorkPackageLimits.defaults().withMaxUnpackedBytes(100));
        budget.checkDeclared("liar", 0);
        budget.claimBytes("liar", 60);
        WorkPackageException e = assertThrows(WorkPackageException.class, () -> budget.claimBytes("liar", 41));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("unpacking entry 'liar' exceeds the unpacked size limit of 100 bytes", e.getMessage());
        assertEquals(60, budget.bytes());
    }

    @Test
    void hugeDeclaredSizeIsRefusedBeforeReading() throws Exception {
        TarArchiveEntry entry = new TarArchiveEntry("huge");
        entry.setSize(1L << 40);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8), true);
        ByteArrayOutputStream pkg = new ByteArrayOutputStream();
        pkg.write(header);
        pkg.write(new byte[4096]);
        WorkPackageException e = refused(pkg.toByteArray());
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("entry 'huge' declares 1099511627776 bytes, more than the 1073741824 bytes left of the unpacked"
                + " size limit of 1073741824 bytes", e.getMessage());
    }

    @Test
    void deepPathIsRefused() throws Exception {
        String deep = "a/".repeat(600) + "f";
        WorkPackageException e = refused(TarBuilder.create().file(deep, "x").tarGz());
        assertEquals(Reason.PATH_TOO_LONG, e.reason());
        assertTrue(e.getMessage().endsWith("has a path of 1201 characters, longer than the limit of 1024"),
                e.getMessage());
    }

    @Test
    void longNameComponentIsRefused() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().file("x".repeat(300), "x").tar());
        assertEquals(Reason.PATH_TOO_LONG, e.reason());
        assertTrue(e.getMessage().endsWith("has a name component longer than 255 bytes"), e.getMessage());
    }

    @Test
    void oversizedLongNameHeaderIsStoppedBeforeItIsBuffered() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().gnuLongName(3 << 20).file("short", "x").tarGz());
        assertEquals(Reason.CORRUPT, e.reason());
        assertEquals("an archive header is larger than 1048576 bytes (long names or PAX records)", e.getMessage());
    }

    @Test
    void uploadLimitIsCheckedBeforeUnpackingAndAsAFunction() throws Exception {
        WorkPackageLimits limits = WorkPackageLimits.defaults().withMaxUploadBytes(1000);
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN).tar(), limits);
        assertEquals(Reason.UPLOAD_TOO_LARGE, e.reason());
        assertEquals("the work package is larger than the upload limit of 1000 bytes", e.getMessage());
        limits.checkUploadSize(1000);
        assertThrows(WorkPackageException.class, () -> limits.checkUploadSize(1001));
    }

    @Test
    void missingSsrunIsAClearError() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().file("input.pov", "sphere { 0, 1 }").tarGz());
        assertEquals(Reason.MISSING_SSRUN, e.reason());
        assertEquals("the work package has no 'ssrun' at its top level, so there is nothing to run", e.getMessage());
    }

    @Test
    void ssrunInASubdirectoryDoesNotCount() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("job/ssrun", SSRUN).tar());
        assertEquals(Reason.MISSING_SSRUN, e.reason());
    }

    @Test
    void ssrunAsADirectoryIsAClearError() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().directory("ssrun").tar());
        assertEquals(Reason.MISSING_SSRUN, e.reason());
        assertEquals("'ssrun' in the work package is a directory, not the script to run", e.getMessage());
    }

    @Test
    void goodEntriesBeforeABadOneAreRemoved() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().script("ssrun", SSRUN).directory("scenes")
                .file("scenes/a.pov", "x").file("b/c/d.inc", "y").file("../escape", "z").tar());
        assertEquals(Reason.PATH_ESCAPE, e.reason());
    }

    @Test
    void plainTextIsNotAnArchive() throws Exception {
        byte[] text = "This is not a tar file, just some words that fill more than a block. ".repeat(20)
                .getBytes(StandardCharsets.US_ASCII);
        WorkPackageException e = refused(text);
        assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
        assertTrue(e.getMessage().startsWith("the work package is not a tar, tar.gz or tar.bz2 archive"),
                e.getMessage());
    }

    @Test
    void shortGarbageIsNotAnArchive() throws Exception {
        WorkPackageException e = refused("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
    }

    @Test
    void gzippedTextIsNotAnArchive() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write("just text\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
        }
        WorkPackageException e = refused(bytes.toByteArray());
        assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
        assertTrue(e.getMessage().contains("gzip-compressed"), e.getMessage());
    }

    @Test
    void emptyInputIsRefused() throws Exception {
        WorkPackageException e = refused(new byte[0]);
        assertEquals(Reason.EMPTY, e.reason());
    }

    @Test
    void truncatedArchiveIsCorrupt() throws Exception {
        byte[] pkg = TarBuilder.create().script("ssrun", SSRUN).zeros("data", 200_000).tarGz();
        WorkPackageException e = refused(Arrays.copyOf(pkg, pkg.length / 2));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("the tar.gz work package is damaged: "), e.getMessage());
    }

    @Test
    void fileOverADirectoryIsAConflict() throws Exception {
        WorkPackageException e = refused(TarBuilder.create().file("x/y", "1").file("x", "2").tar());
        assertEquals(Reason.CONFLICT, e.reason());
    }

    @Test
    void laterEntryReplacesAnEarlierFile() throws Exception {
        unpack(TarBuilder.create().script("ssrun", SSRUN).file("a", "first").file("a", "second").tar());
        assertEquals("second", Files.readString(session.resolve("a")));
    }

    @Test
    void setIdBitsAreDropped() throws Exception {
        unpack(TarBuilder.create().file("ssrun", SSRUN.getBytes(StandardCharsets.UTF_8), 06755).tar());
        assertEquals("rwx------", mode(session.resolve("ssrun")));
    }

    @Test
    void paxHeadersWithLongNamesWork() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String name : List.of("ssrun", "scenes/" + "long-directory-name/".repeat(10) + "scene.pov")) {
                byte[] data = SSRUN.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(data.length);
                e.setMode(0755);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        UnpackedPackage result = unpack(bytes.toByteArray());
        assertEquals(2, result.entries());
        assertTrue(Files.isRegularFile(session.resolve("scenes/" + "long-directory-name/".repeat(10) + "scene.pov")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
