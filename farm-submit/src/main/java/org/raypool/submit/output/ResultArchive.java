package org.raypool.submit.output;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The results a worker's ssrun sent back (docs/protocol/scripting-service.md §5.3): a tar.gz with {@code output.png}
 * when POV-Ray wrote one and {@code output.txt}, the render log. The archive comes from another machine and is read as
 * hostile: nothing is unpacked to disk, sizes in headers only ever lead to a refusal (never to an allocation), what is
 * decompressed is counted and bounded, links and special files under the two names are refused, and every other
 * entry is skipped.
 */
public final class ResultArchive {
    static final String IMAGE = "output.png";
    static final String LOG = "output.txt";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** What a results archive may hold. {@code maxLogBytes}: how much of the log's end is kept (the rest is cut). */
    record Limits(long maxImageBytes, int maxLogBytes, long maxUnpackedBytes, int maxEntries) {
        static final Limits DEFAULT = new Limits(256L << 20, 1 << 20, 512L << 20, 64);
    }

    /** The results cannot be used: not a tar.gz, or breaking one of the bounds; the message says which. */
    public static final class BadResultsException extends Exception {
        BadResultsException(String message) {
            super(message);
        }

        BadResultsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final byte[] image;
    private final String log;

    private ResultArchive(byte[] image, String log) {
        this.image = image;
        this.log = log;
    }

    /**
     * Reads the results file.
     *
     * @throws IOException         if the file cannot be opened here
     * @throws BadResultsException if its content is unusable
     */
    public static ResultArchive read(Path results) throws IOException, BadResultsException {
        return read(results, Limits.DEFAULT);
    }

    static ResultArchive read(Path results, Limits limits) throws IOException, BadResultsException {
        try (InputStream file = Files.newInputStream(results)) {
            Bounded unpacked = null;
            try {
                unpacked = new Bounded(new GzipCompressorInputStream(file), limits.maxUnpackedBytes());
                return parse(new TarArchiveInputStream(unpacked), limits);
            } catch (IOException | RuntimeException e) {
                if (unpacked != null && unpacked.exceeded) {
                    throw new BadResultsException("the results unpack to more than " + limits.maxUnpackedBytes() + " bytes", e);
                }
                if (unpacked == null) throw new BadResultsException("the results are not a gzip file (" + e.getMessage() + ")", e);
                throw new BadResultsException("the results are not a readable tar.gz (" + e + ")", e);
            }
        }
    }

    private static ResultArchive parse(TarArchiveInputStream tar, Limits limits) throws IOException, BadResultsException {
        byte[] image = null;
        String log = null;
        int entries = 0;
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            if (++entries > limits.maxEntries()) {
                throw new BadResultsException("the results hold more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            while (name.startsWith("./")) name = name.substring(2);
            if (!name.equals(IMAGE) && !name.equals(LOG)) continue;
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new BadResultsException(name + " in the results is a link (to " + entry.getLinkName() + ")");
            }
            if (entry.isDirectory() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO() || !entry.isFile()) {
                throw new BadResultsException(name + " in the results is not a plain file");
            }
            if (name.equals(IMAGE)) {
                if (image != null) throw new BadResultsException("the results hold " + IMAGE + " twice");
                image = readImage(tar, entry, limits.maxImageBytes());
            } else {
                if (log != null) throw new BadResultsException("the results hold " + LOG + " twice");
                log = readLogTail(tar, limits.maxLogBytes());
            }
        }
        if (image == null && log == null) {
            throw new BadResultsException("the results hold neither " + IMAGE + " nor " + LOG);
        }
        return new ResultArchive(image, log == null ? "" : log);
    }

    private static byte[] readImage(InputStream in, TarArchiveEntry entry, long max) throws IOException, BadResultsException {
        if (entry.getSize() > max) {
            throw new BadResultsException(IMAGE + " is " + entry.getSize() + " bytes, more than the " + max + " allowed");
        }
        // readNBytes grows with what really arrives, whatever the header claimed.
        byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > max) throw new BadResultsException(IMAGE + " is more than the " + max + " bytes allowed");
        if (bytes.length < PNG_SIGNATURE.length
                || !Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            throw new BadResultsException(IMAGE + " in the results is not a PNG image");
        }
        return bytes;
    }

    /** The log's last {@code max} bytes, from a line start, with a note when the beginning was cut. */
    private static String readLogTail(InputStream in, int max) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long total = 0;
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            kept.write(buffer, 0, n);
            if (kept.size() > 2 * max) {
                byte[] all = kept.toByteArray();
                kept.reset();
                kept.write(all, all.length - max, max);
            }
        }
        byte[] all = kept.toByteArray();
        if (total <= max) return new String(all, StandardCharsets.UTF_8);
        int from = all.length - max;
        int lineStart = from;
        for (int i = from; i < all.length - 1; i++) {
            if (all[i] == '\n') {
                lineStart = i + 1;
                break;
            }
        }
        return "[farm-submit: the first " + (total - (all.length - lineStart)) + " bytes of " + LOG + " were cut]\n"
                + new String(all, lineStart, all.length - lineStart, StandardCharsets.UTF_8);
    }

    /** The rendered image (PNG bytes; the array is this archive's own, not a copy), if the job wrote one. */
    public Optional<byte[]> image() {
        return Optional.ofNullable(image);
    }

    /** The render log ({@code output.txt}; its end if it was long), empty if there was none. */
    public String log() {
        return log;
    }

    /** Counts what is decompressed and stops at the bound, however the archive describes itself. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long count;
        boolean exceeded;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new IOException("more than " + max + " bytes unpacked");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) add(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
