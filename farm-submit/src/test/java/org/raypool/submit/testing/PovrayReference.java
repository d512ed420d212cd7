package org.raypool.submit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real local POV-Ray as a user runs it, for comparison with what the farm returns (ssrun's command line without
 * the farm's frame subset, band and output name): in the input's own folder
 * (POV-Ray 3.7 looks include and data files up there), with one render thread as ssrun renders ({@code +WT1}, the
 * only way POV-Ray 3.7 is pixel-repeatable), no display and no progress lines ({@code -D -V}, which change no
 * pixel), and the output into a fresh folder so that the files it wrote are exactly the files in that folder. An INI
 * that defines an animation is rendered whole, every frame in one run, as the farm's frames must equal.
 */
public final class PovrayReference {
    /**
     * The antialiasing farm-submit gives a .pov scene for which neither an INI file nor the user sets any (its
     * {@code --antialias} default): a local render of such a scene needs it too. With an INI file the farm adds
     * none, as POV-Ray would not.
     */
    public static final String FARM_ANTIALIAS = "+A0.3";

    private PovrayReference() {}

    /** What one local run wrote: its output files in name order, and POV-Ray's log. */
    public record Rendered(Path folder, List<Path> files, String log, double seconds) {
        /** The output file {@code name} (e.g. "bounce3.png"); fails naming the files there are. */
        public Path file(String name) {
            Path f = folder.resolve(name);
            assertTrue(Files.isRegularFile(f), "local POV-Ray wrote no " + name + " but " + names() + "\n" + log);
            return f;
        }

        public List<String> names() {
            return files.stream().map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * Runs {@code povray INPUT +WT1 SWITCHES... -D -V +O<work>/<label>/} in the folder of {@code input}, a .pov or
     * .ini file; {@code section} (may be empty) selects an INI section as in {@code anim.ini[Section]}. Fails unless
     * POV-Ray exits 0 and writes a file.
     */
    public static Rendered render(Path input, String section, Path work, String label, String... switches)
            throws Exception {
        return render(Duration.ofSeconds(120), input, section, work, label, switches);
    }

    /** {@link #render(Path, String, Path, String, String...)} within {@code limit} (a long render, a busy machine). */
    public static Rendered render(Duration limit, Path input, String section, Path work, String label,
            String... switches) throws Exception {
        Path out = Files.createDirectories(work.resolve(label));
        Path log = work.resolve(label + ".log");
        List<String> command = new ArrayList<>(List.of("povray",
                input.getFileName() + (section.isEmpty() ? "" : "[" + section + "]"), "+WT1"));
        command.addAll(List.of(switches));
        command.addAll(List.of("-D", "-V", "+O" + out + "/"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(input.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("local povray took more than " + limit.toSeconds() + " s: " + command);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList();
        }
        assertTrue(!files.isEmpty(), "local povray wrote nothing: " + String.join(" ", command) + "\n" + text);
        return new Rendered(out, files, text, seconds);
    }

    /** {@link #render(Path, String, Path, String, String...)} without an INI section. */
    public static Rendered render(Path input, Path work, String label, String... switches) throws Exception {
        return render(input, "", work, label, switches);
    }
}
