package org.raypool.submit.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.raypool.submit.pack.PovrayOption;
import org.raypool.submit.pack.RenderJob;

/**
 * {@code manifest.jsonl} in the output folder: one JSON object per line, appended when an output file is committed,
 * saying what made it (the hash of its inputs, the options), where and how long it rendered. The newest line for an
 * output file wins. Appending whole lines keeps the file usable after a crash or Ctrl-C: a torn last line is
 * ignored when reading, and the next record starts on a line of its own.
 */
public final class Manifest {
    public static final String FILE = "manifest.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one output file was made from.
     *
     * @param output  the file's name in the output folder
     * @param inputs  the hash of everything that determines the file (scene and dependencies, INI, options, size,
     *                frame); empty when it could not be computed, so the record never lets a re-run skip the file
     * @param scene   the name the outputs carry (the INI's or the scene's)
     * @param frame   the animation frame, empty for a still
     * @param bytes   the file's size
     * @param format  the {@code OutputFormat}'s id ("png", "tga", ...)
     * @param options the POV-Ray options as a user would write them
     * @param seconds how long the attempt that made it took
     * @param worker  the worker's label (a stitched frame: its bands' workers, comma-separated)
     * @param time    when it was committed
     * @param startRow the first row the file's render covered (1 for a whole frame), for estimates from history
     * @param endRow   the last row (the height for a whole frame); a band's entry is about its band file
     */
    public record Entry(String output, String inputs, String scene, OptionalInt frame, int width, int height, long bytes,
            String format, String options, double seconds, String worker, Instant time, int startRow, int endRow) {

        public Entry {
            if (output == null || output.isEmpty() || inputs == null || scene == null || frame == null
                    || format == null || options == null || worker == null || time == null) {
                throw new IllegalArgumentException("a manifest entry needs every field (inputs may be \"\")");
            }
        }

        /** A whole frame's entry. */
        public Entry(String output, String inputs, String scene, OptionalInt frame, int width, int height, long bytes,
                String format, String options, double seconds, String worker, Instant time) {
            this(output, inputs, scene, frame, width, height, bytes, format, options, seconds, worker, time, 1, height);
        }

        /** Whether the entry is about one band of a frame (its file is kept only until the frame is stitched). */
        public boolean isBand() {
            return startRow != 1 || endRow != height;
        }
    }

    /**
     * How an image was made, for its manifest entry: {@code inputsHash} as computed when the batch was planned
     * (before packaging, so an edit during the render leads to a re-render, never to a wrong skip), "" if unknown.
     */
    public record Provenance(String inputsHash, double seconds, String worker, Instant time) {}

    private final Path file;

    public Manifest(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The newest entry per output file; empty if there is no manifest. Lines that are not a whole entry (a torn
     * last line, a hand edit) are skipped.
     */
    public Map<String, Entry> read() throws IOException {
        Map<String, Entry> newest = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                parse(line).ifPresent(e -> {
                    newest.remove(e.output());
                    newest.put(e.output(), e);
                });
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return newest;
    }

    /** Appends {@code entry} as one line, on disk before this returns. */
    public synchronized void append(Entry entry) throws IOException {
        // After a crash cut the last record short, this one starts on a fresh line; the torn one stays unreadable.
        String text = (endsInTornLine() ? "\n" : "") + line(entry) + "\n";
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        }
    }

    private boolean endsInTornLine() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) return false;
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The entry for {@code job}'s image of {@code bytes} bytes. */
    static Entry entry(RenderJob job, long bytes, Provenance provenance) {
        return new Entry(job.outputFileName(), provenance.inputsHash(), job.name(),
                job.frame().isStill() ? OptionalInt.empty() : OptionalInt.of(job.frame().number()),
                job.size().width(), job.size().height(), bytes, job.format().id(), options(job), provenance.seconds(),
                provenance.worker(), provenance.time(), job.band().startRow(), job.band().endRow());
    }

    /**
     * The options as a user would give them to POV-Ray for this output, e.g. {@code anim.ini +W640 +H480 +A0.3 +FT
     * +Q9}: the INI, the size, the farm's defaults, the file type (unless the user's switches name it) and the user's
     * switches; the frame and the rows are in the entry and the file name, the switches the farm owns are left out.
     */
    public static String options(RenderJob job) {
        List<String> parts = new ArrayList<>();
        job.ini().ifPresent(ini -> parts.add(ini.argument(ini.path().getFileName().toString())));
        parts.add("+W" + job.size().width());
        parts.add("+H" + job.size().height());
        parts.addAll(job.options().farmDefaults());
        List<String> given = job.options().povrayOptions();
        boolean typeGiven = java.util.stream.Stream.concat(job.options().farmDefaults().stream(), given.stream())
                .anyMatch(o -> PovrayOption.fromSwitch(o)
                .filter(p -> p.keyword().equals("Output_File_Type")).isPresent());
        if (!typeGiven) parts.add("+F" + job.format().letter());
        parts.addAll(given);
        return String.join(" ", parts);
    }

    static String line(Entry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("output", e.output());
        o.put("inputs", e.inputs());
        o.put("scene", e.scene());
        if (e.frame().isPresent()) o.put("frame", e.frame().getAsInt());
        else o.putNull("frame");
        o.put("width", e.width());
        o.put("height", e.height());
        o.put("bytes", e.bytes());
        o.put("format", e.format());
        o.put("options", e.options());
        o.put("seconds", Math.round(e.seconds() * 1000) / 1000.0);
        o.put("worker", e.worker());
        o.put("time", e.time().toString());
        if (e.isBand()) {
            o.put("start_row", e.startRow());
            o.put("end_row", e.endRow());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a manifest line", ex);
        }
    }

    static Optional<Entry> parse(String line) {
        if (line.isBlank()) return Optional.empty();
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.isObject()) return Optional.empty();
            JsonNode frame = o.path("frame");
            int height = whole(o, "height");
            // Records written before bands (and every whole frame's) have no rows: the whole frame.
            boolean band = o.has("start_row") || o.has("end_row");
            return Optional.of(new Entry(text(o, "output"), text(o, "inputs"), text(o, "scene"),
                    frame.isInt() ? OptionalInt.of(frame.intValue()) : OptionalInt.empty(),
                    whole(o, "width"), height, o.path("bytes").asLong(0), text(o, "format"),
                    text(o, "options"), o.path("seconds").asDouble(0), text(o, "worker"),
                    Instant.parse(text(o, "time")), band ? whole(o, "start_row") : 1, band ? whole(o, "end_row") : height));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("no " + field);
        return v.textValue();
    }

    private static int whole(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException("no " + field);
        return v.intValue();
    }
}
