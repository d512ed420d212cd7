package org.raypool.submit.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output folder of a batch: one image per job, named {@link RenderJob#outputFileName()} in the job's format
 * ({@code <name>-<W>-<H>[-<frame>].<ext>}), {@code <name>-<W>-<H>[-<frame>].log} of failed jobs, the
 * {@link Manifest} that says what made each image, {@link #PREVIEWS} (POV-Ray's PNG previews of OpenEXR images),
 * {@link ContactSheet#INDEX} and {@link ContactSheet#THUMBNAILS}. Every file appears at once: it is written to a
 * hidden temporary file in the same folder and renamed into place (an atomic move), so an interrupted run never
 * leaves a half-written image that a re-run would take as done. Images get in only through the job's
 * {@link CommitGate}; the manifest entry follows the image, so a crash between the two costs a re-render, never a
 * wrong skip.
 *
 * <p>Temporary files are named {@code .raypool-<pid>-<token>-...tmp}: {@link #cleanUp()} removes this collector's,
 * {@link #prepare()} those of processes that are gone, and never those of another run still going.
 */
public final class OutputCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCollector.class);
    static final String TEMP_PREFIX = ".raypool-";
    static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern TEMP_NAME = Pattern.compile("\\.raypool-(\\d{1,19})-[0-9a-f]+-.*\\.tmp");
    /** Where the PNG previews of OpenEXR images are kept, as {@code <image file name>.png}. */
    public static final String PREVIEWS = "previews";
    /**
     * Where the band files of frames not yet complete are kept (docs/bands.md): a re-run renders only the missing
     * bands; a stitched frame's band files are removed.
     */
    public static final String BANDS = ".bands";
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How an output file stands against the job that would make it, for the skip rule. */
    public enum Freshness {
        /** No file, or not a file of the job's format: render. */
        MISSING,
        /** The file is there but the manifest does not say what made it (an older farm-submit's folder): render. */
        NO_RECORD,
        /** The manifest's newest entry for the file has other inputs: render. */
        CHANGED,
        /** The file is there and was made from the same inputs: skip. */
        UP_TO_DATE
    }

    private final Path folder;
    private final String tempTag;
    private final Manifest manifest;
    /** The frames split into bands in this batch: whole-frame job -> its bands' jobs and the frame's inputs hash. */
    private final Map<RenderJob, SplitFrame> splitFrames = new ConcurrentHashMap<>();

    private final java.util.Set<RenderJob> stitched = ConcurrentHashMap.newKeySet();

    /** A frame split into band jobs, and the inputs hash its stitched image is recorded with. */
    private record SplitFrame(List<RenderJob> bands, String inputsHash) {}

    public OutputCollector(Path folder) {
        this.folder = folder;
        this.manifest = new Manifest(folder.resolve(Manifest.FILE));
        byte[] token = new byte[4];
        RANDOM.nextBytes(token);
        this.tempTag = TEMP_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(token) + "-";
    }

    public Path folder() {
        return folder;
    }

    /** Where the job's image goes: a whole frame's in the folder, a band's in {@link #BANDS} until it is stitched. */
    public Path imageFile(RenderJob job) {
        return job.isWholeFrame() ? folder.resolve(job.outputFileName()) : folder.resolve(BANDS).resolve(job.outputFileName());
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Where the PNG preview of {@code image} (an OpenEXR file in this folder) is kept. */
    public Path previewFile(Path image) {
        return folder.resolve(PREVIEWS).resolve(image.getFileName() + ".png");
    }

    public Path logFile(RenderJob job) {
        return folder.resolve(job.outputName() + ".log");
    }

    /** Creates the folder and removes temporary files that interrupted runs left behind. */
    public void prepare() throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException("the output folder " + folder + " is a file; give another folder with --output");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the output folder " + folder + ": " + describe(e), e);
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("the output folder " + folder + " is not writable; give another folder with --output");
        }
        removeTemporaryFiles(false);
    }

    /**
     * Whether the job's output must be rendered: it is skipped only when its file is there with its format's
     * signature and {@code entries} (the manifest's newest per file, {@link Manifest#read()}) says it was made from
     * {@code inputsHash}. An entry for a file of another size is about another file (replaced by hand): no record.
     */
    public Freshness freshness(RenderJob job, String inputsHash, Map<String, Manifest.Entry> entries) {
        if (!hasImage(job)) return Freshness.MISSING;
        Manifest.Entry entry = entries.get(job.outputFileName());
        if (entry == null || !isSize(imageFile(job), entry.bytes())) return Freshness.NO_RECORD;
        return !inputsHash.isEmpty() && entry.inputs().equals(inputsHash) ? Freshness.UP_TO_DATE : Freshness.CHANGED;
    }

    private static boolean isSize(Path file, long bytes) {
        try {
            return Files.size(file) == bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the job's image is there (a complete file, images only ever appear whole, of the job's format). */
    boolean hasImage(RenderJob job) {
        Path image = imageFile(job);
        if (!Files.isRegularFile(image)) return false;
        try (InputStream in = Files.newInputStream(image)) {
            return ResultArchive.looksLike(job.format(), in.readNBytes(ResultArchive.MIN_IMAGE_BYTES));
        } catch (IOException e) {
            return false;
        }
    }

    /** Where an attempt's downloaded results go: a temporary file that {@link #cleanUp()} removes if still there. */
    public Path resultsFile(RenderJob job, long attemptId) {
        return temporaryFile(folder, job.outputName() + "-" + attemptId + ".results");
    }

    /**
     * Puts the job's image into place if {@code gate} lets this attempt commit, then its OpenEXR preview (if sent)
     * and its manifest entry.
     *
     * @param image   POV-Ray's file, stored byte for byte
     * @param preview POV-Ray's PNG of an OpenEXR image, for the contact sheet; ignored for other formats
     * @return false if the gate refused (the attempt was superseded or the job has its image); nothing changed then
     */
    public boolean storeImage(RenderJob job, byte[] image, Optional<byte[]> preview, Manifest.Provenance provenance,
            CommitGate gate) throws IOException {
        Path file = imageFile(job);
        if (!job.isWholeFrame()) Files.createDirectories(file.getParent());
        Path temp = writeTemporary(file, image);
        boolean stored = false;
        try {
            stored = gate.commit(() -> Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING));
        } finally {
            if (!stored) Files.deleteIfExists(temp);
        }
        if (!stored) return false;
        if (job.format() == OutputFormat.EXR) keepPreview(file, preview);
        try {
            manifest.append(Manifest.entry(job, image.length, provenance));
        } catch (IOException e) {
            // The image is good; without its entry the next run renders it again, which is safe.
            LOG.warn("cannot add {} to {}: {}", file.getFileName(), manifest.file(), describe(e));
        }
        try {
            Files.deleteIfExists(logFile(job));
        } catch (IOException e) {
            LOG.debug("cannot remove the old log of {}: {}", job.outputName(), e.toString());
        }
        if (!job.isWholeFrame()) {
            try {
                stitchIfComplete(job);
            } catch (IOException e) {
                // The band is kept; the batch reports the frame as not stitched (Submission), a re-run tries again.
                LOG.warn("{}", describe(e));
            }
        }
        return true;
    }

    /**
     * Tells the collector that {@code frame} is rendered as {@code bands} (in row order, covering it): when the last
     * band's image is stored, the frame is stitched ({@link BandStitcher}) and recorded with {@code inputsHash}.
     */
    public void expectBands(RenderJob frame, List<RenderJob> bands, String inputsHash) {
        splitFrames.put(frame.wholeFrame(), new SplitFrame(List.copyOf(bands), inputsHash));
    }

    /**
     * Stitches {@code frame} if all its bands' files are there (from this run or an interrupted one) and the frame's
     * image is not yet; records it in the manifest and removes the band files.
     *
     * @return whether the frame's image is there now
     */
    public synchronized boolean stitchIfComplete(RenderJob frame) throws IOException {
        SplitFrame split = splitFrames.get(frame.wholeFrame());
        if (split == null || stitched.contains(frame.wholeFrame())) return hasImage(frame.wholeFrame());
        List<BandStitcher.Part> parts = new ArrayList<>();
        for (RenderJob band : split.bands()) {
            if (!hasImage(band)) return false;
            parts.add(new BandStitcher.Part(band.band(), Files.readAllBytes(imageFile(band))));
        }
        RenderJob whole = frame.wholeFrame();
        byte[] image;
        try {
            image = BandStitcher.stitch(whole.format(), whole.size().width(), whole.size().height(), parts);
        } catch (BandStitcher.StitchException e) {
            throw new IOException("cannot stitch " + whole.outputFileName() + ": " + e.getMessage(), e);
        }
        writeAtomically(imageFile(whole), image);
        stitched.add(whole);
        Map<String, Manifest.Entry> entries = manifest.read();
        double seconds = 0;
        java.util.Set<String> workers = new java.util.LinkedHashSet<>();
        for (RenderJob band : split.bands()) {
            Manifest.Entry e = entries.get(band.outputFileName());
            if (e != null) {
                seconds += e.seconds();
                workers.add(e.worker());
            }
        }
        try {
            manifest.append(Manifest.entry(whole, image.length, new Manifest.Provenance(split.inputsHash(), seconds,
                    String.join(",", workers), java.time.Instant.now())));
        } catch (IOException e) {
            LOG.warn("cannot add {} to {}: {}", whole.outputFileName(), manifest.file(), describe(e));
        }
        for (RenderJob band : split.bands()) {
            Files.deleteIfExists(imageFile(band));
            Files.deleteIfExists(logFile(band));
        }
        try {
            Files.deleteIfExists(folder.resolve(BANDS));
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // other frames' bands are still missing
        }
        return true;
    }

    /** The new preview, or none: an older preview would show the image as it was before. */
    private void keepPreview(Path image, Optional<byte[]> preview) {
        Path file = previewFile(image);
        try {
            if (preview.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            writeAtomically(file, preview.get());
        } catch (IOException e) {
            LOG.warn("cannot keep the preview of {}: {}", image.getFileName(), describe(e));
        }
    }

    /** Keeps a failed job's log beside where its image would be; returns the file. */
    public Path storeLog(RenderJob job, String log) throws IOException {
        Path file = logFile(job);
        writeAtomically(file, log.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The images in the folder (files with an extension POV-Ray gives, temporary files left out), sorted by name. */
    List<Path> images() throws IOException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && formatOf(name).isPresent() && Files.isRegularFile(f)) images.add(f);
            }
        }
        images.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return images;
    }

    /** The format an image file name's extension stands for (Targa: the uncompressed one; they read alike). */
    static Optional<OutputFormat> formatOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (OutputFormat f : OutputFormat.values()) {
            if (lower.endsWith(f.extension())) return Optional.of(f);
        }
        return Optional.empty();
    }

    /** Writes {@code target} at once: a temporary file beside it, then an atomic move over it. */
    void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = writeTemporary(target, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes this collector's temporary files; never fails (it runs on the way out). */
    public void cleanUp() {
        try {
            removeTemporaryFiles(true);
        } catch (IOException e) {
            LOG.warn("cannot remove temporary files in {}: {}", folder, describe(e));
        }
    }

    private Path writeTemporary(Path target, byte[] content) throws IOException {
        Path temp = temporaryFile(target.getParent() == null ? Path.of("") : target.getParent(),
                target.getFileName().toString());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            // On disk before the rename: after a crash the name holds the old file or the whole new one.
            channel.force(false);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private Path temporaryFile(Path dir, String label) {
        return dir.resolve(tempTag + SEQUENCE.incrementAndGet() + "-" + label + TEMP_SUFFIX);
    }

    private void removeTemporaryFiles(boolean ownOnly) throws IOException {
        for (Path dir : List.of(folder, folder.resolve(ContactSheet.THUMBNAILS), folder.resolve(PREVIEWS),
                folder.resolve(BANDS))) {
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (ownOnly ? name.startsWith(tempTag) : isStale(name)) {
                        try {
                            Files.deleteIfExists(f);
                        } catch (NoSuchFileException e) {
                            // removed meanwhile
                        }
                    }
                }
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher m = TEMP_NAME.matcher(name);
        if (!m.matches()) return false;
        long pid;
        try {
            pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return true;
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + " is in the way (a file, not a folder)";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }
}
