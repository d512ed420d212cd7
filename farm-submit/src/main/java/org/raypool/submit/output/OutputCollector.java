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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raypool.submit.pack.RenderJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output folder of a batch: {@code <name>-<W>-<H>.png} per scene, {@code <name>-<W>-<H>.log} of failed scenes,
 * {@link ContactSheet#INDEX} and {@link ContactSheet#THUMBNAILS}. Every file appears at once: it is written to a
 * hidden temporary file in the same folder and renamed into place (an atomic move), so an interrupted run never
 * leaves a half-written image that a re-run would take as done. Images get in only through the job's
 * {@link CommitGate}.
 *
 * <p>Temporary files are named {@code .raypool-<pid>-<token>-...tmp}: {@link #cleanUp()} removes this collector's,
 * {@link #prepare()} those of processes that are gone, and never those of another run still going.
 */
public final class OutputCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCollector.class);
    static final String TEMP_PREFIX = ".raypool-";
    static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern TEMP_NAME = Pattern.compile("\\.raypool-(\\d{1,19})-[0-9a-f]+-.*\\.tmp");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final String tempTag;

    public OutputCollector(Path folder) {
        this.folder = folder;
        byte[] token = new byte[4];
        RANDOM.nextBytes(token);
        this.tempTag = TEMP_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(token) + "-";
    }

    public Path folder() {
        return folder;
    }

    /** The output's name without extension ({@link RenderJob#outputName()}). */
    public static String baseName(RenderJob job) {
        return job.outputName();
    }

    public Path imageFile(RenderJob job) {
        return folder.resolve(job.outputFileName());
    }

    public Path logFile(RenderJob job) {
        return folder.resolve(baseName(job) + ".log");
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

    /** Whether the job's image is there from an earlier run (a complete file: images only ever appear whole). */
    public boolean hasImage(RenderJob job) {
        Path image = imageFile(job);
        if (!Files.isRegularFile(image)) return false;
        try (InputStream in = Files.newInputStream(image)) {
            return Arrays.equals(in.readNBytes(PNG_SIGNATURE.length), PNG_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Where an attempt's downloaded results go: a temporary file that {@link #cleanUp()} removes if still there. */
    public Path resultsFile(RenderJob job, long attemptId) {
        return temporaryFile(folder, baseName(job) + "-" + attemptId + ".results");
    }

    /**
     * Puts the job's image into place if {@code gate} lets this attempt commit.
     *
     * @return false if the gate refused (the attempt was superseded or the job has its image); nothing changed then
     */
    public boolean storeImage(RenderJob job, byte[] png, CommitGate gate) throws IOException {
        Path image = imageFile(job);
        Path temp = writeTemporary(image, png);
        boolean stored = false;
        try {
            stored = gate.commit(() -> Files.move(temp, image, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING));
        } finally {
            if (!stored) Files.deleteIfExists(temp);
        }
        if (stored) {
            try {
                Files.deleteIfExists(logFile(job));
            } catch (IOException e) {
                LOG.debug("cannot remove the old log of {}: {}", baseName(job), e.toString());
            }
        }
        return stored;
    }

    /** Keeps a failed job's log beside where its image would be; returns the file. */
    public Path storeLog(RenderJob job, String log) throws IOException {
        Path file = logFile(job);
        writeAtomically(file, log.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The images in the folder ({@code *.png}, temporary files left out), sorted by name. */
    List<Path> images() throws IOException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".png") && Files.isRegularFile(f)) {
                    images.add(f);
                }
            }
        }
        images.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return images;
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
        for (Path dir : List.of(folder, folder.resolve(ContactSheet.THUMBNAILS))) {
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
