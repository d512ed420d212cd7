package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.GeneratedScenes;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.Await;

/**
 * Chaos on loopback, every part a real process (bin/farm-*): two registrars, three workers, a batch of 30 generated
 * scenes. During the first three quarters of the batch a rendering worker is killed with SIGKILL (with its POV-Ray)
 * every four seconds, once the one killed before is back, and started again; one registrar is killed and started
 * again on the same port. At the end every image must be there exactly once, pixel-identical to a local POV-Ray
 * render, with no temporary file left, and the summary must count the failovers.
 *
 * <p>The registrars are ENRP peers (static {@code --peer} of each other): when one is killed, the other takes over its
 * workers, and the workers and the submitter whose registrar it was move to the survivor by themselves (ASAP client
 * failover); the restarted registrar learns the handlespace from its peer.
 */
class FarmChaosIT {
    private static final int SCENES = 30;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final Duration WORKER_KILL_PERIOD = Duration.ofSeconds(4);
    private static final Duration FIRST_WORKER_KILL = Duration.ofSeconds(3);
    private static final Duration REGISTRAR_DOWN = Duration.ofSeconds(3);
    private static final Duration CHAOS_LIMIT = Duration.ofSeconds(150);
    private static final Pattern FAILOVERS = Pattern.compile("\"failovers\": (\\d+),");

    @TempDir
    Path tmp;

    private Processes processes;

    /** Stops every process and keeps their logs in target/chaos-logs, for the post-mortem of a failed run. */
    @AfterEach
    void stop() throws Exception {
        if (processes != null) processes.closeKeepingLogs(Path.of("target", "chaos-logs"));
    }

    private static String name(int i) {
        return GeneratedScenes.name("chaos", i);
    }

    /** The options that make a registrar an ENRP peer of the one at {@code peerPort}. */
    private static String[] enrpOptions(int ownPort, int peerPort) {
        return new String[] {"--enrp", "127.0.0.1:" + ownPort, "--peer", "127.0.0.1:" + peerPort, "--enrp-announce", "off"};
    }

    @Test
    void killedWorkersAndARegistrarLoseNoImage() throws Exception {
        assumeTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar")
                        && Processes.jarExists("farm-submit"),
                "the launchers' jars are missing: build them with mvn -B -q package -DskipTests");

        Path scenes = tmp.resolve("scenes");
        GeneratedScenes.write(scenes, "chaos", SCENES);
        Path output = tmp.resolve("output");
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));

        // Ports of the system's choice: the first registrar starts alone and the second names it as its peer; the
        // first, restarted on its ports, names the second.
        Processes.Started first = processes.registrar(0, "--enrp", "127.0.0.1:0", "--enrp-announce", "off");
        int[] asap = {first.ready().port("asap"), 0};
        int[] enrpPorts = {first.ready().port("enrp"), 0};
        Processes.Started second = processes.registrar(0, enrpOptions(0, enrpPorts[0]));
        asap[1] = second.ready().port("asap");
        enrpPorts[1] = second.ready().port("enrp");
        String[] firstAgain = enrpOptions(enrpPorts[0], enrpPorts[1]);
        String both1 = "127.0.0.1:" + asap[0];
        String both2 = "127.0.0.1:" + asap[1];

        List<Processes.Started> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) workers.add(worker(both1, both2));
        Processes.awaitWorkers(asap[0], 3, workers);

        Processes.Started submit = processes.start("farm-submit", "--registrar", both1, "--registrar", both2,
                "--transport", "tcp", "--size", WIDTH + "x" + HEIGHT, "--output", output.toString(), "--parallel", "3",
                "--retry-delay", "300", "--keep-alive-interval", "1000", "--keep-alive-timeout", "1000", "--json",
                "--log-level", "info", scenes.toString());
        awaitLog(submit, "connected to registrar", Duration.ofSeconds(60));

        long start = System.nanoTime();
        long nextWorkerKill = start + FIRST_WORKER_KILL.toNanos();
        long registrarRestartAt = Long.MAX_VALUE;
        boolean registrarKilled = false;
        boolean registrarRestarted = false;
        int workerKills = 0;
        int next = 0;
        Processes.Started restarted = null;
        while (submit.process().isAlive() && System.nanoTime() - start < CHAOS_LIMIT.toNanos()) {
            long now = System.nanoTime();
            // one worker down at a time, and none in the batch's last quarter: else, with few jobs left, every kill
            // hits the same job and its backoff (doubling up to 60 s) rather than the farm decides the test's time
            if (now >= nextWorkerKill && imagesIn(output) < SCENES * 3 / 4 && (restarted == null
                    || restarted.isReady())) {
                int victim = renderingWorker(workers, next);
                if (victim >= 0) {
                    kill(workers.get(victim));
                    restarted = worker(both1, both2);
                    workers.set(victim, restarted);
                    next = victim + 1;
                    workerKills++;
                    log(start, "killed worker " + victim + " mid-render and started it again");
                }
                nextWorkerKill = System.nanoTime() + WORKER_KILL_PERIOD.toNanos();
            }
            if (!registrarKilled && workerKills >= 1 && imagesIn(output) >= SCENES / 6) {
                kill(first);
                log(start, "killed registrar 1 (" + imagesIn(output) + " images done)");
                registrarKilled = true;
                registrarRestartAt = now + REGISTRAR_DOWN.toNanos();
            }
            if (registrarKilled && !registrarRestarted && now >= registrarRestartAt) {
                first = processes.registrar(asap[0], firstAgain);
                log(start, "registrar 1 serves again");
                registrarRestarted = true;
            }
            Thread.sleep(20);
        }
        int exit = submit.await(Duration.ofSeconds(120));
        log(start, "farm-submit ended with " + exit);
        String json = submit.out();
        assertEquals(0, exit, "farm-submit failed:\n" + json + "\n" + tail(submit.err()));
        assertTrue(registrarKilled && registrarRestarted, "the batch ended before the registrar was killed and "
                + "restarted (" + imagesIn(output) + " images): make it longer");
        assertTrue(first.process().isAlive(), "the restarted registrar died: " + first.err());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", asap[0]), 2000);
        }
        assertTrue(json.contains("\"rendered\": " + SCENES + ","), json);
        Matcher m = FAILOVERS.matcher(json);
        assertTrue(m.find(), "no failover count in the summary: " + json);
        int failovers = Integer.parseInt(m.group(1));
        System.out.printf(Locale.ROOT, "FarmChaosIT: %d scenes, %d worker kills, 1 registrar kill, %d failovers, %.0f s%n",
                SCENES, workerKills, failovers, (System.nanoTime() - start) / 1e9);
        assertTrue(workerKills >= 2, "only " + workerKills + " worker kill(s) during the batch");
        assertTrue(failovers > 0, "the summary counted no failover after " + workerKills + " kills of rendering workers");

        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < SCENES; i++) expected.add(name(i) + "-" + WIDTH + "-" + HEIGHT + ".png");
        Set<String> top;
        try (Stream<Path> files = Files.list(output)) {
            top = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> wanted = new TreeSet<>(expected);
        wanted.addAll(List.of("index.html", "manifest.jsonl", "thumbnails"));
        assertEquals(wanted, top, "exactly one image per scene, the contact sheet, the manifest and nothing else (no "
                + "temporary, partial, duplicate or log file)");
        assertEquals(SCENES, Files.readAllLines(output.resolve("manifest.jsonl")).size(),
                "one manifest record per image: every image was committed once, whatever the failovers");
        try (Stream<Path> thumbs = Files.list(output.resolve("thumbnails"))) {
            Set<String> wantedThumbs = expected.stream().map(image -> image + ".png").collect(Collectors.toCollection(TreeSet::new));
            Set<String> thumbNames = thumbs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(wantedThumbs, thumbNames, "one thumbnail per image, named after the image file");
        }
        Path local = Files.createDirectories(tmp.resolve("local"));
        ExecutorService renders = Executors.newFixedThreadPool(2);
        try {
            List<Future<BufferedImage>> locals = new ArrayList<>();
            for (int i = 0; i < SCENES; i++) {
                Path scene = scenes.resolve(name(i) + ".pov");
                locals.add(renders.submit(() -> Images.renderLocally(scene, WIDTH, HEIGHT, "+A0.3", local)));
            }
            for (int i = 0; i < SCENES; i++) {
                Images.assertSamePixels(locals.get(i).get(), output.resolve(name(i) + "-" + WIDTH + "-" + HEIGHT + ".png"));
            }
        } finally {
            renders.shutdownNow();
        }
        log(start, "every image is pixel-identical to a local render");
    }

    private Processes.Started worker(String... registrars) throws Exception {
        List<String> args = new ArrayList<>();
        for (String r : registrars) args.addAll(List.of("--registrar", r));
        args.addAll(List.of("--transport", "tcp", "--max-sessions", "1"));
        return processes.service("farm-worker", args.toArray(String[]::new));
    }

    private static void log(long start, String event) {
        System.out.printf(Locale.ROOT, "FarmChaosIT: %5.1f s %s%n", (System.nanoTime() - start) / 1e9, event);
    }

    /** A worker running POV-Ray right now, preferring {@code from} onwards; waits up to 2 s for one, else -1. */
    private static int renderingWorker(List<Processes.Started> workers, int from) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        do {
            for (int k = 0; k < workers.size(); k++) {
                int i = (from + k) % workers.size();
                if (workers.get(i).process().descendants()
                        .anyMatch(p -> p.info().command().orElse("").endsWith("povray"))) {
                    return i;
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return -1;
    }

    /** kill -9 of the process and of what it started, as when the machine dies. */
    private static void kill(Processes.Started victim) throws Exception {
        List<ProcessHandle> children = victim.process().descendants().toList();
        Processes.kill9(victim.process());
        children.forEach(ProcessHandle::destroyForcibly);
        victim.process().waitFor();
    }

    private static long imagesIn(Path output) throws Exception {
        if (!Files.isDirectory(output)) return 0;
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().matches("chaos-\\d+-\\d+-\\d+\\.png")).count();
        }
    }

    private static void awaitLog(Processes.Started p, String text, Duration timeout) throws Exception {
        Await.until("'" + text + "' from " + p.name(), timeout, () -> {
            String err = p.err();
            assertTrue(err.contains(text) || p.process().isAlive(), p.name() + " ended: " + err);
            return err;
        }, err -> err.contains(text));
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
