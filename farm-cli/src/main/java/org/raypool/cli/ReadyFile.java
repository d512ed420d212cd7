package org.raypool.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * {@code --ready-file FILE} ({@code @Mixin}): a service's readiness signal for whoever started it (a supervisor, a
 * script, a process test), instead of a log line. The file appears only once the service really serves: its endpoints
 * bound, and a worker registered (unless it starts outside its serve windows: then {@code "registered":false}). It is
 * written whole to a temporary file beside it and renamed, so a reader never sees half of it, and holds what the
 * service bound as one JSON object, e.g.
 * {@code {"program":"farm-registrar","pid":4242,"identifier":"0x36acceb7","transport":"tcp","asap":3863,"enrp":9901}},
 * which lets a caller start the service on port 0. A stale file is removed at the start, and the file on stop.
 */
public final class ReadyFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Write FILE once serving (endpoints bound; a worker also registered), atomically: one JSON "
                    + "object with the program, its pid, ID, transport and the ports it bound. Removed at the start "
                    + "and on stop. Default: none.")
    Path file;

    /** Removes a file a former run left, so that its presence means this run is ready. */
    public void clear() throws IOException {
        if (file != null) Files.deleteIfExists(file);
    }

    /**
     * Writes the file: {@code program}, its pid, {@code identifier} (RSerPool ID) and {@code transport}, then
     * {@code endpoints} (name to port, or another fact) in name order, then the HTTP status endpoint's port if any.
     *
     * @throws IOException the file cannot be written (the message names it)
     */
    public void write(String program, int identifier, String transport, Map<String, ?> endpoints,
            StatusOutputs outputs) throws IOException {
        if (file == null) return;
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("program", program);
        content.put("pid", ProcessHandle.current().pid());
        content.put("identifier", String.format("0x%08x", identifier));
        content.put("transport", transport);
        content.putAll(new TreeMap<>(endpoints));
        outputs.httpAddress().ifPresent(a -> content.put("http", a.getPort()));
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temp, JSON.writeValueAsString(content) + "\n");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions
            }
            // the temporary file is beside the target, so the rename stays in one file system and is atomic
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (temp != null) Files.deleteIfExists(temp);
            String why = Files.isDirectory(target.getParent()) ? e.toString()
                    : "its folder " + target.getParent() + " does not exist: create it or name another --ready-file";
            throw new IOException("cannot write the ready file " + file + ": " + why, e);
        }
    }

    /** Removes the file: the service no longer serves. Quiet, as it runs while stopping. */
    public void remove() {
        try {
            clear();
        } catch (IOException e) {
            // nothing to do about it while stopping
        }
    }
}
