package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.Await;

/**
 * Dispatch and failover times with real farm processes and the real POV-Ray, measured from the workers' own log
 * timestamps (and this machine's clock for the moment of a kill or a cut): a worker that joins mid-batch, a worker
 * killed mid-render (connection reset), a worker cut off without a reset (iptables DROP in a network namespace of
 * this test's own), and --wait on an empty pool.
 */
class DispatchTimingIT {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern LINE_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private static Path scene(String name) {
        return Images.examples().resolve(name);
    }

    /** Epoch milliseconds of the first line of {@code worker}'s log that contains {@code text}, if any. */
    private static long firstLine(Processes.Started worker, String text) throws IOException {
        String log = worker.out() + "\n" + worker.err();
        long first = Long.MAX_VALUE;
        for (String line : log.split("\n")) {
            if (!line.contains(text)) continue;
            Matcher m = LINE_TIME.matcher(line);
            if (m.matches()) {
                first = Math.min(first, LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault())
                        .toInstant().toEpochMilli());
            }
        }
        return first;
    }

    private static String[] workerArgs(int port) {
        return new String[] {"--registrar", "127.0.0.1:" + port, "--transport", "tcp", "--max-sessions", "1",
            "--log-level", "info"};
    }

    private static List<String> submitArgs(int port, Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp", "--output",
                output.toString(), "--json", "--retry-delay", "20000"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void aWorkerStartedMidBatchGetsAJobWithinHalfASecondOfItsRegistration() throws Exception {
        try (ProcessFarm farm = ProcessFarm.start(tmp.resolve("logs"), 1)) {
            Path output = tmp.resolve("output");
            List<String> args = submitArgs(farm.port, output, "--size", "320x240");
            for (String s : List.of("terrain.pov", "skyline.pov", "knot.pov", "billiards.pov", "tiled-crates.pov")) {
                args.add(scene(s).toString());
            }
            CompletableFuture<Farm.Run> run = CompletableFuture.supplyAsync(() -> Farm.submit(args.toArray(String[]::new)));
            Await.until("the first worker renders", Duration.ofSeconds(60), () -> farm.workerRenderingNow().isPresent());
            Processes.Started late = farm.processes.service("farm-worker", workerArgs(farm.port));
            late.awaitReady();
            Farm.Run done = run.get(180, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.stderr() + done.stdout());
            long registered = firstLine(late, "registered in pool");
            long ready = firstLine(late, "Ready sent");
            assertTrue(registered != Long.MAX_VALUE && ready != Long.MAX_VALUE, "the late worker's log: " + late.out()
                    + late.err());
            long after = ready - registered;
            System.out.println("DispatchTimingIT: the joining worker got its first job " + after
                    + " ms after its registration");
            assertTrue(after >= 0 && after < 500, "first job " + after + " ms after the registration");
        }
    }

    @Test
    void aWorkerKilledMidRenderHasItsJobRunningOnTheIdleWorkerWithinOneSecond() throws Exception {
        try (ProcessFarm farm = ProcessFarm.start(tmp.resolve("logs"), 2)) {
            Path output = tmp.resolve("output");
            // one long job, so that one worker renders and the other idles
            List<String> args = submitArgs(farm.port, output, "--size", "800x600", scene("terrain.pov").toString());
            CompletableFuture<Farm.Run> run = CompletableFuture.supplyAsync(() -> Farm.submit(args.toArray(String[]::new)));
            Await.until("a worker renders", Duration.ofSeconds(60), () -> farm.workerRenderingNow().isPresent());
            Processes.Started victim = farm.workerRenderingNow().orElseThrow();
            Processes.Started other = farm.workers.stream().filter(w -> w != victim).findFirst().orElseThrow();
            long killed = System.currentTimeMillis();
            ProcessFarm.kill9(victim);
            Farm.Run done = run.get(180, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.stderr() + done.stdout());
            long ready = firstLine(other, "Ready sent");
            long after = ready - killed;
            System.out.println("DispatchTimingIT: the killed worker's job reached the other worker " + after
                    + " ms after the kill");
            assertTrue(after < 1000, "the job ran elsewhere " + after + " ms after the kill: " + done.stdout());
            assertTrue(Files.size(output.resolve("terrain-800-600.png")) > 0);
        }
    }

    @Test
    void aWorkerCutOffWithoutResetIsGivenUpWithinKeepAliveIntervalPlusTimeout() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a network namespace and iptables");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")),
                "needs iptables");
        String ns = "rpdisp" + ProcessHandle.current().pid();
        assumeTrue(sh("ip", "netns", "add", ns) == 0, "cannot create network namespace " + ns);
        try {
            assertEquals(0, sh("ip", "-n", ns, "link", "set", "lo", "up"));
            Processes processes = new Processes(Files.createDirectories(tmp.resolve("logs")),
                    List.of("ip", "netns", "exec", ns));
            try (processes) {
                int port = processes.registrar(0).ready().port("asap");
                Processes.Started a = processes.service("farm-worker", workerArgs(port));
                Processes.Started b = processes.service("farm-worker", workerArgs(port));
                a.awaitReady();
                b.awaitReady();
                Path output = tmp.resolve("output");
                long interval = 500;
                long timeout = 500;
                List<String> args = submitArgs(port, output, "--size", "800x600", "--keep-alive-interval", "" + interval,
                        "--keep-alive-timeout", "" + timeout, scene("terrain.pov").toString());
                Processes.Started submit = processes.start("farm-submit", args.toArray(String[]::new));
                Await.until("a worker renders", Duration.ofSeconds(60),
                        () -> ProcessFarm.povrayRuns(a) + ProcessFarm.povrayRuns(b) > 0);
                Processes.Started victim = ProcessFarm.povrayRuns(a) > 0 ? a : b;
                Processes.Started other = victim == a ? b : a;
                int ssp = victim.ready().port("ssp");
                long cut = System.currentTimeMillis();
                assertEquals(0, sh("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "" + ssp,
                        "-j", "DROP"));
                assertEquals(0, sh("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-p", "tcp", "--sport", "" + ssp,
                        "-j", "DROP"));
                assertEquals(0, submit.await(Duration.ofSeconds(180)), submit.out() + submit.err());
                long ready = firstLine(other, "Ready sent");
                long after = ready - cut;
                System.out.println("DispatchTimingIT: the cut-off worker's job reached the other worker " + after
                        + " ms after the cut (keep-alive " + interval + " + " + timeout + " ms)");
                assertTrue(after < interval + timeout + 1000, "job elsewhere " + after + " ms after the cut");
                assertTrue(Files.size(output.resolve("terrain-800-600.png")) > 0);
            }
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }

    @Test
    void waitOnAnEmptyPoolSaysWhatItWaitsForAndEndsWithExitCode3() throws Exception {
        try (Processes processes = new Processes(Files.createDirectories(tmp.resolve("logs")))) {
            int port = processes.registrar(0).ready().port("asap");
            Path output = tmp.resolve("output");
            List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                    "--output", output.toString(), "--size", "64x48", "--wait", "2s", scene("quickstart.pov").toString()));
            long start = System.nanoTime();
            Farm.Run run = Farm.submit(args.toArray(String[]::new));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(Submission.EXIT_NO_WORKER, run.exitCode(), run.stderr() + run.stdout());
            String said = "no worker in pool 'ScriptingPool' at registrar 127.0.0.1:" + port
                    + " yet; waiting for one to register (up to --wait 2s)";
            assertTrue(run.stderr().contains(said), run.stderr());
            assertEquals(run.stderr().indexOf(said), run.stderr().lastIndexOf(said), "said once: " + run.stderr());
            assertTrue(run.stderr().contains("no worker registered in pool 'ScriptingPool' at registrar 127.0.0.1:" + port
                    + " within --wait 2s; stopped"), run.stderr());
            assertTrue(seconds >= 2 && seconds < 10, "ended after the wait: " + seconds + " s");
        }
    }

    private static int sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
