package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.raypool.transport.tls.CertificateAuthority;
import org.raypool.transport.tls.Role;

/**
 * The authenticated farm (docs/security.md) as processes with the real POV-Ray: a registrar and two workers with
 * credentials, farm-submit with a user certificate renders; a worker with no certificate, a forged one, an expired
 * one or a user's certificate cannot register, and the farm renders on.
 */
class AuthenticatedFarmIT {

    @TempDir
    Path tmp;

    private Processes processes;

    @AfterEach
    void stop() {
        if (processes != null) processes.close();
    }

    private Path issue(CertificateAuthority ca, Role role, String name, Instant from, Instant to) throws Exception {
        Path dir = tmp.resolve("credentials").resolve(name);
        ca.write(ca.issue(role, name, from, to), dir);
        return dir;
    }

    private Path issue(CertificateAuthority ca, Role role, String name) throws Exception {
        return issue(ca, role, name, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
    }

    /** A worker that must not get in: it ends with a failed start, and says why. */
    private String refusedWorker(int port, String... credentials) throws Exception {
        List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                "--max-sessions", "1"));
        args.addAll(List.of(credentials));
        Processes.Started w = processes.start("farm-worker", args.toArray(String[]::new));
        int exit = w.await(Duration.ofSeconds(90));
        assertNotEquals(0, exit, "a worker that should be refused started: " + w.err());
        return w.err();
    }

    @Test
    void onlyTheFarmsWorkersRegisterAndAUserRenders() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("itfarm", Instant.now(), Duration.ofDays(2));
        CertificateAuthority forger = CertificateAuthority.create("itfarm", Instant.now(), Duration.ofDays(2));
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
        Processes.Started registrar = processes.registrar(0, "--credentials",
                issue(ca, Role.REGISTRAR, "registrar").toString());
        int port = registrar.ready().port("asap");
        List<Processes.Started> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            workers.add(processes.service("farm-worker", "--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                    "--max-sessions", "1", "--credentials", issue(ca, Role.WORKER, "pc" + i).toString()));
        }
        for (Processes.Started w : workers) w.awaitReady();

        String plain = refusedWorker(port);
        assertTrue(plain.contains("running open"), plain);
        String forged = refusedWorker(port, "--credentials", issue(forger, Role.WORKER, "pc-forged").toString());
        assertTrue(forged.contains("cannot start"), forged);
        Instant now = Instant.now();
        String expired = refusedWorker(port, "--credentials", issue(ca, Role.WORKER, "pc-old",
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))).toString());
        assertTrue(expired.contains("is not valid now"), expired);
        String user = refusedWorker(port, "--credentials", issue(ca, Role.USER, "mallory").toString());
        assertTrue(user.contains("0x000a"), user);
        String registrarLog = registrar.err();
        assertTrue(registrarLog.contains("not TLS"), "plain connection refused in one line: " + registrarLog);
        assertTrue(registrarLog.contains("Registration from user mallory at 127.0.0.1:"), registrarLog);

        Path output = tmp.resolve("output");
        List<String> scenes = List.of("quickstart", "skyline");
        List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                "--credentials", issue(ca, Role.USER, "alice").toString(), "--size", "160x120", "--output",
                output.toString(), "--retry-delay", "500", "--json", "--parallel", "2"));
        scenes.forEach(n -> args.add(Images.examples().resolve(n + ".pov").toString()));
        Processes.Started submit = processes.start("farm-submit", args.toArray(String[]::new));
        assertEquals(0, submit.await(Duration.ofSeconds(300)), submit.err() + submit.out());
        assertTrue(submit.out().contains("\"rendered\": 2"), submit.out());
        for (String n : scenes) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 160, 120, "+A0.3",
                    tmp), output.resolve(n + "-160-120.png"));
        }
        boolean logged = false;
        for (Processes.Started w : workers) {
            assertTrue(w.process().isAlive(), w.name() + " ended: " + w.err());
            logged |= w.err().contains("user 'alice'");
        }
        assertTrue(logged, "a worker logged the session's user");
    }
}
