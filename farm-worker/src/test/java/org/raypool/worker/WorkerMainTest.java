package org.raypool.worker;

import org.raypool.transport.tls.TestCredentials;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.CertificateAuthority;
import java.time.Instant;
import java.nio.file.Files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raypool.asap.AsapClientConfig;
import org.raypool.wire.param.PolicyType;
import org.raypool.worker.job.EnvironmentCacheConfig;
import org.raypool.worker.job.JobLimits;
import org.raypool.worker.job.SandboxMode;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.worker.session.SessionTimers;
import picocli.CommandLine;

/** The command line: RSPLIB's defaults, every option reaching the configuration, one-line errors. */
class WorkerMainTest {

    private static WorkerConfig parse(String... args) {
        CommandLine cl = WorkerMain.commandLine();
        cl.parseArgs(args);
        return ((WorkerMain) cl.getCommand()).config();
    }

    @Test
    void defaultsAreRsplibs() {
        WorkerConfig c = parse();
        assertEquals("ScriptingPool", c.poolHandle().toString());
        assertEquals(List.of(), c.asap().registrars());
        assertEquals(Optional.of(new InetSocketAddress("239.0.0.50", 3863)), c.asap().announceGroup(),
                "without --registrar, registrars are found by their announces");
        assertEquals(Optional.empty(), c.policy());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.session().maxSessions());
        assertEquals(List.of(new InetSocketAddress(0)), c.listen());
        assertEquals("auto", c.transport());
        assertEquals(SessionTimers.defaults(), c.session().timers());
        assertEquals(Duration.ofMillis(30_000), c.reregistrationInterval());
        assertEquals(EnvironmentCacheConfig.defaults(), c.cache());
        assertEquals(WorkPackageLimits.defaults(), c.session().packageLimits());
        assertEquals(JobLimits.defaults(), c.jobLimits());
        assertEquals(SandboxMode.AUTO, c.sandbox().mode());
        assertTrue(c.schedule().isAlwaysOpen());
        assertEquals(Duration.ofSeconds(60), c.stopTimeout());
        assertEquals(false, c.session().keepTemp());
        assertTrue(c.identifier() != 0);
    }

    @Test
    void everyOptionReachesTheConfiguration() {
        WorkerConfig c = parse("--pool", "RenderPool", "--registrar", "127.0.0.1:9000", "--registrar", "127.0.0.2",
                "--policy", "LeastUsedDegradation:0.25", "--max-sessions", "3", "--listen", "127.0.0.1:4711",
                "--transport", "tcp", "--work-dir", "/var/lib/raypool/sessions", "--keep-temp",
                "--cache-dir", "/var/cache/raypool", "--cache-max-entries", "4", "--cache-max-size", "1024",
                "--keep-alive-interval", "2000", "--keep-alive-timeout", "1000", "--transmit-timeout", "5000",
                "--max-upload-size", "1024", "--max-job-time", "90m", "--sandbox", "none", "--id", "0x1234abcd",
                "--rereg-interval", "10000", "--serve-window", "MON-FRI 18:00-08:00",
                "--serve-window", "0 0 0 ? * SAT for 2d", "--stop-timeout", "5m", "--log-level", "warn");
        assertEquals("RenderPool", c.poolHandle().toString());
        assertEquals(List.of(List.of(new InetSocketAddress("127.0.0.1", 9000)),
                List.of(new InetSocketAddress("127.0.0.2", 3863))), c.asap().registrars());
        assertEquals(Optional.empty(), c.asap().announceGroup(), "static registrars: no announces unless asked");
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, c.policy().orElseThrow().type());
        assertEquals(3, c.session().maxSessions());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 4711)), c.listen());
        assertEquals("tcp", c.transport());
        assertEquals(Path.of("/var/lib/raypool/sessions"), c.session().workDir());
        assertTrue(c.session().keepTemp());
        assertEquals(new EnvironmentCacheConfig(Optional.of(Path.of("/var/cache/raypool")), 4, 1024 * 1024), c.cache());
        assertEquals(new SessionTimers(Duration.ofMillis(5000), Duration.ofMillis(2000), Duration.ofMillis(1000),
                Duration.ofSeconds(1)), c.session().timers());
        assertEquals(1024 * 1024, c.session().packageLimits().maxUploadBytes());
        assertEquals(Duration.ofMinutes(90), c.jobLimits().maxJobTime());
        assertEquals(SandboxMode.NONE, c.sandbox().mode());
        assertEquals(List.of(Path.of("/var/lib/raypool/sessions"), Path.of("/var/cache/raypool")),
                c.sandbox().hiddenPaths(), "jobs see neither other sessions nor the cache");
        assertEquals(0x1234abcd, c.identifier());
        assertEquals(Duration.ofMillis(10_000), c.reregistrationInterval());
        assertEquals(2, c.schedule().windows().size());
        assertEquals("0 0 18 ? * MON-FRI", c.schedule().windows().get(0).cron());
        assertEquals(Duration.ofMinutes(5), c.stopTimeout());
    }

    @Test
    void announcesCanBeAddedToStaticRegistrars() {
        WorkerConfig c = parse("--registrar", "10.0.0.1", "--asap-announce", "239.1.2.3:4000");
        assertEquals(Optional.of(new InetSocketAddress("239.1.2.3", 4000)), c.asap().announceGroup());
        assertEquals(AsapClientConfig.withRegistrars(c.asap().registrars()).connectTimeout(), c.asap().connectTimeout());
    }

    @Test
    void jobsDoNotSeeTheWorkersCredentials() throws Exception {
        Path sessions = Path.of("/var/lib/raypool/sessions");
        Path credentials = Path.of("/etc/raypool/credentials");
        assertEquals(List.of(sessions, credentials),
                WorkerMain.hiddenFromJobs(sessions, Optional.empty(), Optional.of(credentials)));
        assertEquals(List.of(sessions), WorkerMain.hiddenFromJobs(sessions, Optional.empty(),
                Optional.of(Path.of("/tmp/creds"))), "/tmp is private in the sandbox: not there to read");
        // and the option reaches it: a real credentials folder (wherever the build runs) is what config() passes on
        Path dir = Path.of("target", "credentials-" + ProcessHandle.current().pid()).toAbsolutePath();
        CertificateAuthority ca = TestCredentials.CA;
        ca.write(ca.issue(Role.WORKER, "pc1", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)), dir);
        try {
            WorkerConfig c = parse("--work-dir", "/var/lib/raypool/sessions", "--credentials", dir.toString());
            assertEquals(WorkerMain.hiddenFromJobs(sessions, Optional.empty(), Optional.of(dir)),
                    c.sandbox().hiddenPaths());
        } finally {
            for (String f : List.of("ca.crt", "cert.crt", "key.pem")) Files.deleteIfExists(dir.resolve(f));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void sessionDirectoriesInTmpAreNotHiddenTwice() {
        assertEquals(List.of(), parse("--work-dir", "/tmp").sandbox().hiddenPaths(),
                "/tmp is a private tmpfs in the sandbox already");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--policy|Fastest|Invalid value for option '--policy': unknown policy name in \"Fastest\"",
        "--max-sessions|0|Invalid value for option '--max-sessions': 0 is outside 1..100000",
        "--listen|nohost.invalid:x|Invalid value for option '--listen': bad address 'nohost.invalid:x'",
        "--transport|udp|Invalid value for option '--transport': 'udp' is not one of auto, sctp, tcp",
        "--cache-max-size|64|Invalid value for option '--cache-max-size': 64 is outside 128..",
        "--max-job-time|60|Invalid value for option '--max-job-time': '60' is not a duration",
        "--sandbox|docker|Invalid value for option '--sandbox': unknown sandbox mode 'docker'",
        "--id|0|Invalid value for option '--id': '0' is not in 1..0xffffffff",
        "--rereg-interval|5|Invalid value for option '--rereg-interval': 5 is outside 10..3600000",
        "--asap-announce|off|Invalid value for option '--asap-announce': off, and no --registrar given",
        "--serve-window|MON-FRI 25:00-08:00|Invalid value for option '--serve-window': serve window "
                + "'MON-FRI 25:00-08:00': times are HH:MM",
        "--serve-window|0 0 18 ? * FUNDAY for 1h|Invalid value for option '--serve-window': serve window "
                + "'0 0 18 ? * FUNDAY for 1h': '0 0 18 ? * FUNDAY' is not a Quartz cron expression",
        "--log-level|loud|Invalid value for option '--log-level': 'loud' is not a log level",
    })
    void badValuesGetOneLineAndExitCodeTwo(String option, String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = WorkerMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute(option, value));
        List<String> lines = err.toString().lines().toList();
        assertEquals(2, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("farm-worker: " + message), lines.get(0));
        assertEquals("Try 'farm-worker --help' for the options.", lines.get(1));
    }

    @Test
    void helpNamesTheDefaults() {
        String help = WorkerMain.commandLine().getUsageMessage().replaceAll("\\s+", " ");
        for (String text : new String[] {"Default: ScriptingPool", "Default: 15000", "Default: 10000", "Default: 30000",
                "Default: 16", "Default: 131072", "Default: 4h", "Default: 60s", "Default: the number of CPUs",
                "-ssmaxthreads", "MON-FRI 18:00-08:00", "0 0 18 ? * MON-FRI for 14h"}) {
            assertTrue(help.contains(text), "help lacks '" + text + "':\n" + help);
        }
    }
}
