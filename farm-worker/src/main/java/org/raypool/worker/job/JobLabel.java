package org.raypool.worker.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a render job is, for status reports: the scene named in the first line of farm-submit's {@code job.conf}
 * ("# RayPool render job, read by ssrun: chess.pov") and its band of rows, if it is one. Other work packages (an
 * RSPLIB scripting client's) have no label. Reads at most a few KiB and never follows a link.
 */
public final class JobLabel {
    static final String FILE_NAME = "job.conf";
    private static final String SCENE_MARK = "read by ssrun: ";
    private static final int MAX_LINES = 64;
    private static final int MAX_LABEL = 60;

    private JobLabel() {
    }

    public static Optional<String> read(Path sessionDir) {
        Path conf = sessionDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(conf, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        String scene = null;
        String startRow = null;
        String endRow = null;
        try (BufferedReader in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            String line;
            for (int n = 0; n < MAX_LINES && (line = in.readLine()) != null; n++) {
                if (n == 0 && line.startsWith("#") && line.contains(SCENE_MARK)) {
                    scene = line.substring(line.indexOf(SCENE_MARK) + SCENE_MARK.length()).strip();
                } else if (line.startsWith("start_row=")) {
                    startRow = line.substring("start_row=".length()).strip();
                } else if (line.startsWith("end_row=")) {
                    endRow = line.substring("end_row=".length()).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (scene == null || scene.isEmpty()) return Optional.empty();
        String label = scene.replaceAll("\\p{Cntrl}", "?");
        if (label.length() > MAX_LABEL) label = label.substring(0, MAX_LABEL - 3) + "...";
        if (startRow != null && endRow != null) label += " rows " + startRow + "-" + endRow;
        return Optional.of(label);
    }
}
