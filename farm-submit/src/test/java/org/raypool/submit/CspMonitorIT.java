package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.Await;

/**
 * The three programs report to the real {@code cspmonitor} (Debian rsplib-tools) on loopback, and it lists them as
 * docs/protocol/csp.md §7.4 describes: the registrar with its PE count, the worker with the scene it renders,
 * farm-submit with its done/total, and (with -full) the associations between them. Then farm-submit is interrupted and
 * its final report makes cspmonitor drop it. The monitor's screen, with its escapes stripped, is kept in
 * target/cspmonitor/.
 */
class CspMonitorIT {
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final String FRAME_MARK = "Current Component Status";
    /**
     * Each redraw starts with "24-Nov-2026 00:33:26.5911: Current Component Status -- ..." (docs/protocol/csp.md §7.4).
     */
    private static final Pattern FRAME_START = Pattern.compile("(?=\\d\\d-\\w{3}-\\d{4} [\\d:.]+: " + FRAME_MARK + ")");
    private static final String REGISTRAR_ID = "0x5eed0c5f";
    private static final String WORKER_ID = "0x0c5f0001";
    private static final Path SCENE = Images.examples().resolve("glass-marbles.pov");

    @TempDir
    Path tmp;

    private Processes processes;
    private Process monitor;

    @AfterEach
    void stop() throws Exception {
        if (processes != null) processes.close();
        if (monitor != null) {
            monitor.destroy();
            monitor.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void cspmonitorListsRegistrarWorkerAndSubmitWithTheirTexts() throws Exception {
        Path cspmonitor = onPath("cspmonitor");
        assumeTrue(cspmonitor != null, "cspmonitor is not installed (Debian package rsplib-tools)");
        assumeTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar")
                && Processes.jarExists("farm-submit"), "the program jars are not built (mvn -B -q package -DskipTests)");
        assumeTrue(onPath("povray") != null && Files.isRegularFile(Path.of("/usr/share/povray-3.7/include/colors.inc")),
                "POV-Ray with its includes is needed for a worker that renders (apt-get install povray povray-includes)");

        int cspPort = freeUdpPort();
        Path screen = tmp.resolve("cspmonitor.out");
        monitor = new ProcessBuilder(cspmonitor.toString(), "-localaddress=127.0.0.1:" + cspPort, "-full",
                "-updateinterval=500").redirectErrorStream(true).redirectOutput(screen.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String csp = "127.0.0.1:" + cspPort;

        processes = new Processes(tmp);
        int asapPort = processes.registrar(0, "--id", REGISTRAR_ID, "--csp-server", csp, "--csp-interval", "500",
                "--keep-alive-interval", "1000").ready().port("asap");
        processes.start(java.util.Map.of("CSP_SERVER", csp), "farm-worker", "--registrar", "127.0.0.1:" + asapPort,
                "--transport", "tcp", "--id", WORKER_ID,
                "--max-sessions", "1", "--csp-interval", "500", "--sandbox", "none");
        Processes.Started submit = processes.start("farm-submit", "--registrar", "127.0.0.1:" + asapPort,
                "--transport", "tcp", "--size", "320x240", "--output", tmp.resolve("out").toString(), "--quiet",
                "--csp-server", csp, "--csp-interval", "500", SCENE.toString());
        // The worker has its monitor from CSP_SERVER, as RSPLIB's programs may: its line below proves it was read.

        String pr = "PR $" + REGISTRAR_ID.substring(2);
        String pe = "PE $" + WORKER_ID.substring(2);
        String frame = awaitFrame(screen, f -> f.contains("1 PRs, 1 PEs, 1 PUs")
                && f.contains("\"rendering glass-marbles.pov, 1/1 sessions\"") && f.contains("\"0/1 images done\"")
                && f.contains("-> " + pe + " Scripting/TCP") && f.contains("-> " + pr + " ASAP/TCP"),
                Duration.ofSeconds(90), List.of(submit));
        List<String> lines = frame.lines().toList();
        String prLine = line(lines, pr + " [");
        String peLine = line(lines, pe + " [");
        String puLine = line(lines, "PU $");
        assertTrue(prLine.endsWith("\"1[1] PEs in 1 Pool, 0 Peers\""), prLine);
        assertTrue(peLine.contains(" A=1 ") && peLine.contains("L=100%"), "one session of one = 100 %: " + peLine);
        assertTrue(puLine.contains(" A=2 "), "registrar and one session: " + puLine);
        // The worker learns its registrar's ID from the first Endpoint Keep-Alive; before, it reports PR $00000000.
        System.out.println("cspmonitor showed:\n" + frame.strip());

        Processes.interrupt(submit.process());
        assertTrue(submit.process().waitFor(30, TimeUnit.SECONDS), "farm-submit stops on SIGINT");
        String after = awaitFrame(screen, f -> f.contains("1 PRs, 1 PEs, 0 PUs"), Duration.ofSeconds(20), List.of());
        assertTrue(!after.contains("PU $"), "the final report removed farm-submit:\n" + after);
        Path kept = Files.createDirectories(Path.of("target", "cspmonitor")).resolve("screen.txt");
        Files.writeString(kept, clean(Files.readString(screen, StandardCharsets.ISO_8859_1)));
        System.out.println("cspmonitor's whole screen log: " + kept.toAbsolutePath());
    }

    private static String line(List<String> lines, String start) {
        Optional<String> found = lines.stream().filter(l -> l.startsWith(start)).findFirst();
        assertTrue(found.isPresent(), "no line starting with '" + start + "' in\n" + String.join("\n", lines));
        return found.get().strip();
    }

    private static String clean(String raw) {
        return ESCAPES.matcher(raw).replaceAll("");
    }

    /** Waits for a complete frame (one followed by the next frame's header) that satisfies {@code wanted}. */
    private String awaitFrame(Path screen, Predicate<String> wanted, Duration timeout, List<Processes.Started> alive)
            throws Exception {
        return Await.until("cspmonitor to show what is expected (the last frame is shown)", timeout, () -> {
            assertTrue(monitor.isAlive(), "cspmonitor ended: " + Files.readString(screen, StandardCharsets.ISO_8859_1));
            String text = clean(Files.readString(screen, StandardCharsets.ISO_8859_1));
            String[] frames = FRAME_START.split(text);
            String last = "";
            for (int i = frames.length - 2; i >= 0; i--) {
                if (frames[i].contains(FRAME_MARK)) {
                    last = frames[i];
                    break;
                }
            }
            for (Processes.Started p : alive) {
                assertTrue(p.process().isAlive(), p.name() + " ended: " + p.err() + "\nlast frame:\n" + last);
            }
            return last;
        }, wanted);
    }
}
