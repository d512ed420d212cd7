package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.UnknownPoolException;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.Await;
import org.raypool.testing.Programs;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolElement;

/**
 * Issue 14: a worker that knows only a registrar that dies keeps being served. Two registrars peered with
 * {@code --peer}, a worker given only the first; the first is killed with SIGKILL. The second takes the worker over
 * with an H-bit Endpoint Keep-Alive to the ASAP transport the worker registered from (docs/protocol/registrar-behaviour.md
 * §3.6, §6.3), the worker moves there, and it stays in the second registrar's handlespace, checked every 10 s, for
 * five minutes: more than three times its registration life (90 s, the default, which a takeover the worker could not
 * be reached for used to end in its removal). At the end a render through the second registrar succeeds.
 *
 * <p>Long (about 5.5 minutes, mostly waiting): Failsafe's normal run leaves it out (the parent pom excludes
 * {@code *LongIT}); scripts/test runs it in its own stage, in the background while the SCTP guest works
 * (scripts/test-long). Alone: {@code mvn -o -B -pl farm-submit -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=RegistrarTakeoverLongIT -DskipUTs=true verify};
 * {@code -Draypool.takeover.watch=PT2M} shortens the watch for a try-out (it still crosses the registration life).
 */
class RegistrarTakeoverLongIT {
    private static final int R1 = 0xa1, R2 = 0xb2, WORKER = 0x7a4e0001;
    private static final Duration WATCH = Duration.parse(System.getProperty("raypool.takeover.watch", "PT5M"));
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    /**
     * Takeover timers short enough for a quick takeover (about 5 s instead of 10 s), long enough not to mistake a peer
     * stalled for seconds on a loaded machine for a dead one (5 s of silence, 10 Presences missed).
     */
    private static final String[] PEER_TIMERS = {"--peer-heartbeat-cycle", "500", "--peer-max-time-last-heard", "2500",
            "--peer-max-time-no-response", "2500", "--takeover-expiry-interval", "3000"};
    private static final Pattern REMOVED = Pattern.compile("PE 0x7a4e0001 .*(removed|did not answer)");

    @TempDir
    Path tmp;

    private Processes processes;

    @AfterEach
    void stop() throws Exception {
        if (processes != null) processes.closeKeepingLogs(Path.of("target", "takeover-logs"));
    }

    private static String[] registrar(int id, int ownEnrp, Optional<Integer> peerEnrp) {
        List<String> a = new ArrayList<>(List.of("--id", "0x" + Integer.toHexString(id), "--enrp", "127.0.0.1:" + ownEnrp,
                "--enrp-announce", "off"));
        peerEnrp.ifPresent(p -> a.addAll(List.of("--peer", "127.0.0.1:" + p)));
        a.addAll(List.of(PEER_TIMERS));
        return a.toArray(String[]::new);
    }

    @Test
    void workerThatKnowsOnlyTheKilledRegistrarStaysServedByItsPeer() throws Exception {
        assumeTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar")
                        && Processes.jarExists("farm-submit"),
                "the launchers' jars are missing: build them with mvn -B -q package -DskipTests");
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
        Processes.Started first = processes.registrar(0, registrar(R1, 0, Optional.empty()));
        Processes.Started second = processes.registrar(0, registrar(R2, 0,
                Optional.of(first.ready().port("enrp"))));
        int firstAsap = first.ready().port("asap");
        int secondAsap = second.ready().port("asap");
        int secondEnrp = second.ready().port("enrp");
        Processes.Started worker = processes.service("farm-worker", "--registrar", "127.0.0.1:" + firstAsap,
                "--transport", "tcp", "--max-sessions", "1", "--id", "0x" + Integer.toHexString(WORKER));
        worker.awaitReady();

        try (HandleResolver atSecond = new HandleResolver(AsapClientConfig.withRegistrars(
                List.of(List.of(new InetSocketAddress("127.0.0.1", secondAsap)))), Transports.forName("tcp"),
                Duration.ZERO)) {
            // The second registrar knows the worker through ENRP, with the first as its home.
            Await.until("the worker in the second registrar's handlespace, home 0xa1", Duration.ofSeconds(60),
                    () -> home(atSecond), h -> h == R1);

            Processes.kill9(first.process());
            long killed = System.nanoTime();
            // The takeover alone makes 0xb2 the home in its handlespace; the worker's own re-registration says
            // that the H-bit Keep-Alive reached it.
            Await.until("the worker re-registered at the second registrar", Duration.ofSeconds(60),
                    () -> log(second).contains("PE 0x7a4e0001 re-registered") && home(atSecond) == R2);
            long movedMillis = (System.nanoTime() - killed) / 1_000_000;
            Await.until("the worker's log shows the move", Duration.ofSeconds(10),
                    () -> log(worker).contains("registrar 0x000000b2 took us over"));

            int checks = 0;
            long end = killed + WATCH.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(CHECK_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                assertTrue(worker.process().isAlive(), "the worker ended: " + log(worker));
                // One look may miss: a resolution can time out on a machine under load, so a check is the first
                // answer within 20 s; a worker that was removed would not come back by itself within that time.
                long sinceKill = (System.nanoTime() - killed) / 1_000_000_000;
                int h = Await.until("the worker in the second registrar's handlespace " + sinceKill
                        + " s after the kill", Duration.ofSeconds(20), () -> home(atSecond), x -> x != 0);
                assertEquals(R2, h, "home registrar of the worker " + sinceKill + " s after the kill");
                assertTrue(!REMOVED.matcher(log(second)).find(), "the second registrar dropped the worker: "
                        + log(second));
                checks++;
            }
            assertTrue(checks >= WATCH.toSeconds() / CHECK_EVERY.toSeconds() - 1, checks + " checks");

            Programs.Result dump = Programs.run("farm-registrar", 60, "dump", "--transport", "tcp", "--registrar",
                    "127.0.0.1:" + secondEnrp);
            assertEquals(0, dump.exitCode(), dump.stderr());
            assertTrue(Pattern.compile("ScriptingPool\\s+\\S+\\s+0x7a4e0001\\s.*0x000000b2").matcher(dump.stdout())
                    .find(), dump.stdout());

            Path output = tmp.resolve("output");
            long renderStart = System.nanoTime();
            Farm.Run run = Farm.submit("--registrar", "127.0.0.1:" + secondAsap, "--transport", "tcp", "--size",
                    "64x48", "--output", output.toString(), "--retry-delay", "500", "--json",
                    Images.examples().resolve("quickstart.pov").toString());
            double renderSeconds = (System.nanoTime() - renderStart) / 1e9;
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve("quickstart.pov"), 64, 48,
                    "+A0.3", tmp), output.resolve("quickstart-64-48.png"));
            System.out.printf(Locale.ROOT, "RegistrarTakeoverLongIT: first registrar killed; the worker re-registered "
                    + "at the second %d ms later; in its handlespace (home 0xb2) at all %d checks over %d s; "
                    + "render through the second registrar %.1f s%n", movedMillis, checks, WATCH.toSeconds(),
                    renderSeconds);
        }
    }

    /** The worker's home registrar as the second registrar answers a handle resolution; 0 if it is not there. */
    private static int home(HandleResolver resolver) throws Exception {
        try {
            for (PoolElement pe : resolver.resolve(Farm.POOL, 16, Duration.ofSeconds(5))) {
                if (pe.identifier() == WORKER) return pe.homeRegistrarIdentifier();
            }
        } catch (UnknownPoolException e) {
            // no worker at all
        }
        return 0;
    }

    private static String log(Processes.Started p) throws Exception {
        return p.out() + p.err();
    }
}
