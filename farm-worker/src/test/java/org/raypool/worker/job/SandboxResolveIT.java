package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --sandbox} resolves on this machine and on machines where bubblewrap cannot run. */
class SandboxResolveIT {
    @TempDir
    Path temp;

    /** A stand-in for bwrap that behaves like bwrap on a kernel without unprivileged user namespaces. */
    private String fakeBwrapWithoutUserNamespaces() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fake = temp.resolve("bwrap");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --help ]; then echo 'usage: bwrap [OPTIONS...] [--] COMMAND"
                + " --size BYTES'; exit 0; fi\necho 'bwrap: No permissions to creating new namespace, likely because the"
                + " kernel does not allow non-privileged user namespaces.' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake.toString();
    }

    @Test
    void autoPicksBwrapWhereItWorksAndUnshareOtherwise() throws Exception {
        Sandbox auto = Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO));
        SandboxMode expected = JobTestSupport.bwrap().isPresent() ? SandboxMode.BWRAP : SandboxMode.UNSHARE;
        assertEquals(expected, auto.mode());
        System.out.println("sandbox auto resolved to: " + auto);
    }

    @Test
    void autoRefusesWhenNoTierRuns() {
        SandboxConfig config = SandboxConfig.of(SandboxMode.AUTO).withBwrapCommand("/nonexistent/bwrap")
                .withUnshareCommand("/nonexistent/unshare");
        SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class, () -> Sandbox.resolve(config));
        assertTrue(e.getMessage().startsWith("--sandbox auto: no confinement can run here"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install bubblewrap"), e.getMessage());
        assertTrue(e.getMessage().contains("install util-linux"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or pass --sandbox none to run jobs unconfined"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void bwrapModeFailsFastWhenBubblewrapIsMissing() {
        SandboxConfig config = SandboxConfig.of(SandboxMode.BWRAP).withBwrapCommand("/nonexistent/bwrap");
        SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class, () -> Sandbox.resolve(config));
        assertTrue(e.getMessage().startsWith("--sandbox bwrap: bubblewrap is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("install it with 'apt-get install bubblewrap'"), e.getMessage());
    }

    @Test
    void autoFallsBackToUnshareWhenBubblewrapIsMissing() throws Exception {
        Sandbox sandbox = Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO).withBwrapCommand("/nonexistent/bwrap"));
        assertEquals(SandboxMode.UNSHARE, sandbox.mode());
    }

    @Test
    void bwrapModeNamesDisabledUserNamespacesAndTheFix() throws Exception {
        SandboxConfig config = SandboxConfig.of(SandboxMode.BWRAP).withBwrapCommand(fakeBwrapWithoutUserNamespaces());
        SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class, () -> Sandbox.resolve(config));
        assertTrue(e.getMessage().contains("cannot create its namespaces"), e.getMessage());
        assertTrue(e.getMessage().contains("kernel does not allow non-privileged user namespaces"), e.getMessage());
        assertTrue(e.getMessage().contains("sysctl -w user.max_user_namespaces"), e.getMessage());
        assertTrue(e.getMessage().contains("--sandbox none"), e.getMessage());
        assertEquals(SandboxMode.UNSHARE, Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO)
                .withBwrapCommand(config.bwrapCommand())).mode(), "auto takes the next tier, never none");
    }

    @Test
    void modeParsesTheCliSpelling() {
        assertEquals(SandboxMode.AUTO, SandboxMode.parse("auto"));
        assertEquals(SandboxMode.BWRAP, SandboxMode.parse("BWRAP"));
        assertEquals(SandboxMode.NONE, SandboxMode.parse(" none "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxMode.parse("docker"));
        assertEquals("unknown sandbox mode 'docker' (expected auto, bwrap, unshare or none)", e.getMessage());
        assertEquals("bwrap", SandboxMode.BWRAP.toString());
    }
}
