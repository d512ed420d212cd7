package org.raypool.worker.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds (possibly hostile) work packages for tests with Commons Compress; the session tests use it too. */
public final class TarBuilder {
    private interface Step {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Step> steps = new ArrayList<>();

    public static TarBuilder create() {
        return new TarBuilder();
    }

    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TarBuilder file(String name, byte[] content, int mode) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(content.length);
            e.setMode(mode);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder script(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0755);
    }

    /** A file of {@code size} zero bytes, streamed (compresses to almost nothing). */
    public TarBuilder zeros(String name, long size) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] block = new byte[1 << 16];
            for (long left = size; left > 0; left -= block.length) {
                tar.write(block, 0, (int) Math.min(block.length, left));
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A GNU long-name record ('L') of {@code length} bytes, written raw so building it stays cheap. */
    public TarBuilder gnuLongName(int length) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME);
            e.setSize(length);
            tar.putArchiveEntry(e);
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, (byte) 'n');
            for (int left = length; left > 0; left -= block.length) {
                tar.write(block, 0, Math.min(block.length, left));
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder directory(String name) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder symlink(String name, String target) {
        return special(name, TarConstants.LF_SYMLINK, target);
    }

    public TarBuilder hardLink(String name, String target) {
        return special(name, TarConstants.LF_LINK, target);
    }

    public TarBuilder charDevice(String name, int major, int minor) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder fifo(String name) {
        return special(name, TarConstants.LF_FIFO, null);
    }

    private TarBuilder special(String name, byte type, String linkName) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type);
            if (linkName != null) {
                e.setLinkName(linkName);
            }
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /**
     * A tar.gz of {@code count} empty files {@code f/0000000}…, written from one patched header template because
     * building 100,000 entries through TarArchiveOutputStream is slow.
     */
    static void writeManyEmptyFiles(Path file, int count) throws IOException {
        TarArchiveEntry template = new TarArchiveEntry("f/0000000", true);
        template.setMode(0644);
        byte[] header = new byte[TarConstants.DEFAULT_RCDSIZE];
        template.writeEntryHeader(header, org.apache.commons.compress.archivers.zip.ZipEncodingHelper
                .getZipEncoding(StandardCharsets.UTF_8), false);
        try (OutputStream out = new GzipCompressorOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < count; i++) {
                byte[] digits = String.format("%07d", i).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(digits, 0, header, 2, digits.length);
                java.util.Arrays.fill(header, TarConstants.CHKSUM_OFFSET,
                        TarConstants.CHKSUM_OFFSET + TarConstants.CHKSUMLEN, (byte) ' ');
                org.apache.commons.compress.archivers.tar.TarUtils.formatCheckSumOctalBytes(
                        org.apache.commons.compress.archivers.tar.TarUtils.computeCheckSum(header), header,
                        TarConstants.CHKSUM_OFFSET, TarConstants.CHKSUMLEN);
                out.write(header);
            }
            out.write(new byte[2 * TarConstants.DEFAULT_RCDSIZE]);
        }
    }

    public byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(bytes);
        return bytes.toByteArray();
    }

    public byte[] tarGz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            writeTo(gz);
        }
        return bytes.toByteArray();
    }

    public byte[] tarBz2() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(bytes)) {
            writeTo(bz);
        }
        return bytes.toByteArray();
    }

    public void writeTarGz(Path file) throws IOException {
        try (OutputStream gz = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            writeTo(gz);
        }
    }

    private void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Step step : steps) {
            step.write(tar);
        }
        tar.finish();
        tar.flush();
    }
}
