package org.raypool.submit.pack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a tar.gz whose bytes depend only on the files' paths and contents: entries sorted by
 * path with their folders, modification time 0, owner 0:0 without names, modes 0644 / 0755,
 * and a gzip header without time stamp, file name or host OS.
 */
final class DeterministicTarGz {

    private static final int FILE_MODE = 0100644;
    private static final int EXECUTABLE_MODE = 0100755;
    private static final int FOLDER_MODE = 040755;

    private DeterministicTarGz() {}

    static byte[] write(List<ArchiveFile> files) {
        List<ArchiveFile> sorted = files.stream().sorted(Comparator.comparing(ArchiveFile::path)).toList();
        SortedSet<String> folders = new TreeSet<>();
        for (ArchiveFile file : sorted) {
            String path = file.path();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                folders.add(path.substring(0, slash + 1));
            }
        }
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setOS(GzipParameters.OS.UNKNOWN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes, gzip);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String folder : folders) {
                tar.putArchiveEntry(entry(folder, FOLDER_MODE, 0));
                tar.closeArchiveEntry();
            }
            for (ArchiveFile file : sorted) {
                tar.putArchiveEntry(entry(file.path(), file.executable() ? EXECUTABLE_MODE : FILE_MODE, file.content().length));
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static TarArchiveEntry entry(String name, int mode, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(size);
        entry.setModTime(0);
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }
}
