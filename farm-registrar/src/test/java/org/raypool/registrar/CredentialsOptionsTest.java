package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import picocli.CommandLine;

/** {@code farm-registrar credentials init|issue} and {@code --credentials}: files, modes, ports, one-line mistakes. */
class CredentialsOptionsTest {

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = RegistrarMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private Path issue(String role, String name) {
        Path ca = tmp.resolve("ca");
        if (!Files.exists(ca.resolve("ca.crt"))) {
            assertEquals(0, run("credentials", "init", "--ca-dir", ca.toString(), "--farm", "lab").exitCode());
        }
        Path out = tmp.resolve(name);
        Run r = run("credentials", "issue", "--ca-dir", ca.toString(), "--role", role, "--name", name, "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        return out;
    }

    @Test
    void initAndIssueWriteLoadableCredentialsWithPrivateKeysAndNeverOverwrite() throws Exception {
        Path dir = issue("worker", "pc-17");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("ca").resolve("ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("key.pem"))));
        Credentials c = Credentials.load(dir);
        assertEquals(Role.WORKER, c.identity().role());
        assertEquals("pc-17", c.identity().name());
        assertTrue(c.ca().getSubjectX500Principal().getName().contains("O=lab"));

        Run again = run("credentials", "issue", "--ca-dir", tmp.resolve("ca").toString(), "--role", "worker",
                "--name", "pc-17", "--out", dir.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("exists"), again.err());
        Run init = run("credentials", "init", "--ca-dir", tmp.resolve("ca").toString());
        assertEquals(1, init.exitCode());
        assertTrue(init.err().contains("ca.crt exists") || init.err().contains("ca.key exists"), init.err());
        Run noCa = run("credentials", "issue", "--ca-dir", tmp.resolve("nowhere").toString(), "--role", "user",
                "--name", "u", "--out", tmp.resolve("u").toString());
        assertEquals(1, noCa.exitCode());
        assertTrue(noCa.err().contains("credentials init --ca-dir"), noCa.err());
        assertEquals(2, run("credentials", "issue", "--ca-dir", tmp.resolve("ca").toString(), "--role", "admin",
                "--name", "x", "--out", tmp.resolve("x").toString()).exitCode());
    }

    @Test
    void withCredentialsTheRegistrarUsesTcpAndTheTlsPorts() {
        Path dir = issue("registrar", "reg");
        CommandLine cl = RegistrarMain.commandLine();
        cl.parseArgs("--credentials", dir.toString(), "--peer", "127.0.0.2");
        RegistrarConfig config = ((RegistrarMain) cl.getCommand()).config();
        assertEquals("tcp", config.transport());
        assertEquals(List.of(new InetSocketAddress(3864)), config.asapEndpoint());
        assertEquals(List.of(new InetSocketAddress(9902)), config.enrp().orElseThrow().endpoint());
        assertEquals(List.of(List.of(new InetSocketAddress("127.0.0.2", 9902))),
                config.enrp().orElseThrow().staticPeers());
    }

    @Test
    void mistakesAreOneLineNamingTheFileOrOption() throws Exception {
        Path dir = issue("registrar", "reg");
        Run sctp = run("--credentials", dir.toString(), "--transport", "sctp");
        assertEquals(2, sctp.exitCode());
        assertTrue(sctp.err().startsWith("farm-registrar: Invalid value for option '--transport': sctp cannot be used with "
                + "--credentials"), sctp.err());
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-r-----"));
        Run readable = run("--credentials", dir.toString(), "--transport", "tcp");
        assertEquals(2, readable.exitCode());
        String first = readable.err().lines().findFirst().orElse("");
        assertEquals("farm-registrar: Invalid value for option '--credentials': " + dir.resolve("key.pem") + " can be read by "
                + "others than its owner; fix: chmod 600 " + dir.resolve("key.pem"), first);
        Run missing = run("--credentials", tmp.resolve("none").toString(), "--transport", "tcp");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().lines().findFirst().orElse("").contains("does not exist"), missing.err());
    }
}
