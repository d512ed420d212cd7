package org.raypool.submit.output;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.raypool.cli.archive.HeaderGuardStream;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.text.WorkerText;

/**
 * The results a worker's ssrun sent back (docs/protocol/scripting-service.md §5.3): a tar.gz with {@code output.txt},
 * the render log, and, when POV-Ray wrote one, the image as {@code output<ext>} in the job's {@link OutputFormat};
 * for OpenEXR (which no image library here reads) also {@code preview.png}, POV-Ray's own small PNG of the image. The
 * archive comes from another machine and is read as hostile: nothing is unpacked to disk, sizes in headers only ever
 * lead to a refusal (never to an allocation), what is decompressed is counted and bounded, an entry's headers (long
 * names, PAX records, which the tar reader buffers whole) pass a {@link HeaderGuardStream} as on the worker, the log
 * and every name quoted in a message are taken in through {@link WorkerText#strip}, links and special files
 * under the used names are refused, an image of another type than the one asked for is refused, and every other
 * entry is skipped.
 */
public final class ResultArchive {
    static final String IMAGE_BASE = "output";
    static final String LOG = "output.txt";
    static final String PREVIEW = "preview.png";
    /** ssrun makes the preview at most this big (same aspect ratio as the image). */
    static final int PREVIEW_MAX_WIDTH = 320;
    static final int PREVIEW_MAX_HEIGHT = 240;
    /** One entry's headers at most, as farm-worker bounds a work package's (--max-result-header). */
    public static final long DEFAULT_MAX_HEADER_BYTES = 1 << 20;
    /** The smallest file POV-Ray writes in any format (a Targa header alone is 18 bytes). */
    static final int MIN_IMAGE_BYTES = 18;

    /**
     * What a results archive may hold. {@code maxLogBytes}: how much of the log's end is kept (the rest is cut; ssrun
     * cuts it to the same size). {@code maxHeaderBytes}: one entry's headers, as the worker bounds them.
     */
    record Limits(long maxImageBytes, int maxLogBytes, long maxUnpackedBytes, int maxEntries, int maxPreviewBytes,
            long maxHeaderBytes) {
        static final Limits DEFAULT = new Limits(256L << 20, 1 << 20, 512L << 20, 64, 1 << 20,
                DEFAULT_MAX_HEADER_BYTES);

        Limits withMaxHeaderBytes(long value) {
            return new Limits(maxImageBytes, maxLogBytes, maxUnpackedBytes, maxEntries, maxPreviewBytes, value);
        }
    }

    /**
     * The results cannot be used: not a tar.gz, or breaking one of the bounds; the message says which. It may quote
     * the archive (the tar reader's own messages quote header fields), so it is stripped like every worker text.
     */
    public static final class BadResultsException extends Exception {
        BadResultsException(String message) {
            super(WorkerText.strip(message, WorkerText.Layout.LINE));
        }

        BadResultsException(String message, Throwable cause) {
            super(WorkerText.strip(message, WorkerText.Layout.LINE), cause);
        }
    }

    private final OutputFormat format;
    private final byte[] image;
    private final byte[] preview;
    private final String log;

    private ResultArchive(OutputFormat format, byte[] image, byte[] preview, String log) {
        this.format = format;
        this.image = image;
        this.preview = preview;
        this.log = log;
    }

    /**
     * Reads the results file of a job that renders in {@code format}.
     *
     * @throws IOException         if the file cannot be opened here
     * @throws BadResultsException if its content is unusable
     */
    public static ResultArchive read(Path results, OutputFormat format) throws IOException, BadResultsException {
        return read(results, format, Limits.DEFAULT);
    }

    /** As {@link #read(Path, OutputFormat)}, with one entry's headers bounded to {@code maxHeaderBytes}. */
    public static ResultArchive read(Path results, OutputFormat format, long maxHeaderBytes)
            throws IOException, BadResultsException {
        return read(results, format, Limits.DEFAULT.withMaxHeaderBytes(maxHeaderBytes));
    }

    static ResultArchive read(Path results, OutputFormat format, Limits limits) throws IOException, BadResultsException {
        try (InputStream file = Files.newInputStream(results)) {
            Bounded unpacked = null;
            try {
                unpacked = new Bounded(new GzipCompressorInputStream(file), limits.maxUnpackedBytes());
                HeaderGuardStream guard = new HeaderGuardStream(unpacked, limits.maxHeaderBytes());
                return parse(new TarArchiveInputStream(guard), guard, format, limits);
            } catch (HeaderGuardStream.HeaderTooLargeException e) {
                throw new BadResultsException("the results are refused: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                if (unpacked != null && unpacked.exceeded) {
                    throw new BadResultsException("the results unpack to more than " + limits.maxUnpackedBytes() + " bytes", e);
                }
                if (unpacked == null) throw new BadResultsException("the results are not a gzip file (" + e.getMessage() + ")", e);
                throw new BadResultsException("the results are not a readable tar.gz (" + e + ")", e);
            }
        }
    }

    /** The entry name of the image in {@code format}: {@code output.png}, {@code output.tga}, ... */
    static String imageName(OutputFormat format) {
        return IMAGE_BASE + format.extension();
    }

    private static ResultArchive parse(TarArchiveInputStream tar, HeaderGuardStream guard, OutputFormat format,
            Limits limits) throws IOException, BadResultsException {
        String imageName = imageName(format);
        byte[] image = null;
        byte[] preview = null;
        String log = null;
        int entries = 0;
        for (TarArchiveEntry entry = nextEntry(tar, guard); entry != null; entry = nextEntry(tar, guard)) {
            if (++entries > limits.maxEntries()) {
                throw new BadResultsException("the results hold more than " + limits.maxEntries() + " entries");
            }
            String name = WorkerText.strip(entry.getName(), WorkerText.Layout.LINE);
            while (name.startsWith("./")) name = name.substring(2);
            Optional<OutputFormat> other = otherImage(name, format);
            if (other.isPresent()) {
                throw new BadResultsException("the results hold " + name + " (" + other.get().description()
                        + ") where the job asked for " + imageName + " (" + format.description() + ")");
            }
            boolean wanted = name.equals(imageName) || name.equals(LOG) || name.equals(PREVIEW);
            if (!wanted) continue;
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new BadResultsException(name + " in the results is a link (to "
                        + WorkerText.strip(entry.getLinkName(), WorkerText.Layout.LINE) + ")");
            }
            if (entry.isDirectory() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO() || !entry.isFile()) {
                throw new BadResultsException(name + " in the results is not a plain file");
            }
            if (name.equals(imageName)) {
                if (image != null) throw new BadResultsException("the results hold " + imageName + " twice");
                image = readBounded(tar, entry, name, limits.maxImageBytes());
                if (!looksLike(format, image)) {
                    throw new BadResultsException(imageName + " in the results is not " + article(format.description())
                            + " image");
                }
            } else if (name.equals(PREVIEW)) {
                if (preview != null) throw new BadResultsException("the results hold " + PREVIEW + " twice");
                preview = readBounded(tar, entry, name, limits.maxPreviewBytes());
                checkPreview(preview);
            } else {
                if (log != null) throw new BadResultsException("the results hold " + LOG + " twice");
                log = readLogTail(tar, limits.maxLogBytes());
            }
        }
        if (image == null && log == null) {
            throw new BadResultsException("the results hold neither " + imageName + " nor " + LOG);
        }
        return new ResultArchive(format, image, image == null ? null : preview, log == null ? "" : log);
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, HeaderGuardStream guard) throws IOException {
        guard.beginHeader();
        try {
            return tar.getNextEntry();
        } finally {
            guard.endHeader();
        }
    }

    /** Whether {@code head}, a file's start (at least {@link #MIN_IMAGE_BYTES} of it), may be an image in {@code format}. */
    static boolean looksLike(OutputFormat format, byte[] head) {
        return head.length >= MIN_IMAGE_BYTES && format.matches(head);
    }

    /** The format whose image {@code name} would be, if it is an image entry of another format than {@code format}. */
    private static Optional<OutputFormat> otherImage(String name, OutputFormat format) {
        if (name.equals(imageName(format))) return Optional.empty();
        for (OutputFormat f : OutputFormat.values()) {
            if (name.equals(imageName(f))) return Optional.of(f);
        }
        return Optional.empty();
    }

    private static String article(String description) {
        return ("AEIOU".indexOf(Character.toUpperCase(description.charAt(0))) >= 0 ? "an " : "a ") + description;
    }

    private static byte[] readBounded(InputStream in, TarArchiveEntry entry, String name, long max)
            throws IOException, BadResultsException {
        if (entry.getSize() > max) {
            throw new BadResultsException(name + " is " + entry.getSize() + " bytes, more than the " + max + " allowed");
        }
        // readNBytes grows with what really arrives, whatever the header claimed.
        byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > max) throw new BadResultsException(name + " is more than the " + max + " bytes allowed");
        return bytes;
    }

    /**
     * A PNG whose header (IHDR, always the first chunk) gives a size within the preview's bounds, so that decoding
     * it for the contact sheet cannot be made to allocate more than a small image.
     */
    private static void checkPreview(byte[] png) throws BadResultsException {
        if (png.length < 24 || !OutputFormat.PNG.matches(png) || !Arrays.equals(png, 12, 16, new byte[] {'I', 'H', 'D', 'R'}, 0, 4)) {
            throw new BadResultsException(PREVIEW + " in the results is not a PNG image");
        }
        ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
        long width = Integer.toUnsignedLong(header.getInt());
        long height = Integer.toUnsignedLong(header.getInt());
        if (width < 1 || height < 1 || width > PREVIEW_MAX_WIDTH || height > PREVIEW_MAX_HEIGHT) {
            throw new BadResultsException(PREVIEW + " in the results is " + width + "x" + height + ", not within "
                    + PREVIEW_MAX_WIDTH + "x" + PREVIEW_MAX_HEIGHT);
        }
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
        if (total <= max) return WorkerText.strip(new String(all, StandardCharsets.UTF_8), WorkerText.Layout.LINES);
        int from = all.length - max;
        int lineStart = from;
        for (int i = from; i < all.length - 1; i++) {
            if (all[i] == '\n') {
                lineStart = i + 1;
                break;
            }
        }
        return "[farm-submit: the first " + (total - (all.length - lineStart)) + " bytes of " + LOG + " were cut]\n"
                + WorkerText.strip(new String(all, lineStart, all.length - lineStart, StandardCharsets.UTF_8),
                        WorkerText.Layout.LINES);
    }

    /** The format the job asked for, and so the image's. */
    public OutputFormat format() {
        return format;
    }

    /**
     * The rendered image, byte for byte POV-Ray's file in {@link #format()} (the array is this archive's own, not a
     * copy), if the job wrote one.
     */
    public Optional<byte[]> image() {
        return Optional.ofNullable(image);
    }

    /** POV-Ray's PNG of the image at most 320x240 (sent for OpenEXR), if there is an image and the worker sent one. */
    public Optional<byte[]> preview() {
        return Optional.ofNullable(preview);
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
