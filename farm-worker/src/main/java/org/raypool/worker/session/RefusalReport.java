package org.raypool.worker.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The results file of a refused work package, of a job stopped at a bound, or of a job the worker could not run for a
 * reason of its own (status
 * {@link SspServerSession#WORKER_FAILURE_STATUS}): a tar.gz holding only {@code output.txt}, which says why, in the layout
 * of every other result (docs/protocol/scripting-service.md §5.3 ssrun contract), so the user reads the reason where a
 * render log would be.
 */
final class RefusalReport {
    static final String LOG_NAME = "output.txt";
    private static final Set<OpenOption> WRITE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private RefusalReport() {
    }

    static String text(String hostInfo, String sessionId, String reason) {
        return "farm-worker on " + hostInfo + " refused this work package (session " + sessionId + "):\n"
                + reason + "\n"
                + "Nothing of the package was run. Fix the package and submit it again.\n";
    }

    /**
     * The report of a job the worker could not run for a reason of its own; every line starts with
     * {@code farm-worker: }, as ssrun's own lines start with {@code ssrun: }.
     */
    static String workerFailureText(String hostInfo, String sessionId, String reason) {
        return "farm-worker: " + hostInfo + " could not run this job (session " + sessionId + "); the worker is at "
                + "fault, not the job:\n"
                + "farm-worker: " + reason.replace("\n", "\nfarm-worker: ") + "\n"
                + "farm-worker: The job did not run. The worker checks itself and leaves the pool while it cannot run "
                + "jobs; send the job to another worker.\n";
    }

    /** The report of a job the worker stopped at one of its bounds; the job's own output is not sent. */
    static String limitText(String hostInfo, String sessionId, String reason) {
        return "farm-worker: " + hostInfo + " stopped this job (session " + sessionId + "): " + reason + ".\n"
                + "farm-worker: Its output is not sent. Make the job write less, or send it to a worker with a larger "
                + "bound.\n";
    }

    static void write(Path outputData, String text) throws IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        try (OutputStream file = Channels.newOutputStream(Files.newByteChannel(outputData, WRITE));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file),
                        StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry = new TarArchiveEntry(LOG_NAME);
            entry.setSize(content.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        }
    }
}
