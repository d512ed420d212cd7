package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.cli.StopSignals;
import org.raypool.testing.Programs;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** bin/farm-registrar as a user runs it. */
class RegistrarProcessIT {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** TCP on a port of the system's choice, no multicast: a registrar no other test can meet. */
    private static final List<String> ALONE = List.of("--transport", "tcp", "--asap", "127.0.0.1:0",
            "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off");
    private final Transport tcp = Transports.forName("tcp");

    @TempDir
    Path temp;

    private static String[] alone(String... more) {
        List<String> args = new java.util.ArrayList<>(ALONE);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void servesRegistrationsAndResolutionsAndDiesWithItsClientsNoticing() throws Exception {
        try (Programs.Running registrar = Programs.startReady("farm-registrar",
                alone("--min-address-scope", "loopback", "--id", "0x36acceb7"))) {
            int port = registrar.ready().port("asap");
            AsapClientConfig client = AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1", port))))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
            try (PoolElementRegistration pe = new PoolElementRegistration(client, tcp, POOL, 0x77,
                    local -> new TcpTransport(40000, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                    PoolMemberSelectionPolicy.parse("LeastUsedDegradation:0.5"), Duration.ofSeconds(30));
                 HandleResolver pu = new HandleResolver(client, tcp, Duration.ZERO)) {
                pe.register(WAIT);
                assertEquals(0x36acceb7, pu.resolve(POOL, 1, WAIT).get(0).homeRegistrarIdentifier());
                registrar.kill();
                NoRegistrarException e = assertThrows(NoRegistrarException.class, () -> pu.resolve(POOL, 1, WAIT));
                assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            }
            assertTrue(registrar.log().contains("PE 0x00000077 registered in pool 'ScriptingPool'"), registrar.log());
        }
    }

    @Test
    void theReadyFileNamesWhatItBound() throws Exception {
        try (Programs.Running registrar = Programs.startReady("farm-registrar", alone("--id", "0x36acceb7",
                "--http", "127.0.0.1:0"))) {
            Programs.Ready ready = registrar.ready();
            assertTrue(ready.json().startsWith("{\"program\":\"farm-registrar\",\"pid\":" + registrar.process().pid()
                    + ",\"identifier\":\"0x36acceb7\",\"transport\":\"tcp\","), ready.json());
            for (String endpoint : List.of("asap", "enrp", "http")) {
                int port = ready.port(endpoint);
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    assertTrue(s.isConnected(), endpoint + " listens on " + port);
                }
            }
        }
    }

    @Test
    void aBusyPortIsOneClearLine() throws Exception {
        try (Programs.Running first = Programs.startReady("farm-registrar", alone())) {
            int port = first.ready().port("asap");
            Programs.Result second = Programs.run("farm-registrar", 30, "--transport", "tcp", "--asap",
                    "127.0.0.1:" + port, "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off");
            assertEquals(1, second.exitCode());
            assertTrue(second.stderr().contains("farm-registrar: cannot start: ") && second.stderr().contains(":" + port),
                    second.stderr());
            assertTrue(!second.stderr().contains("\tat "), "no stack trace: " + second.stderr());
        }
    }

    @Test
    void stopsCleanlyOnSigterm() throws Exception {
        try (Programs.Running registrar = Programs.startReady("farm-registrar", alone())) {
            assertEquals(0, registrar.terminate(30), registrar.log());
            assertTrue(registrar.log().contains("RegistrarMain - stopped"), registrar.log());
            assertTrue(!registrar.isReady(), "the ready file is removed on stop");
        }
    }

    /**
     * A SIGTERM in each phase of the start-up (held there by the test hook, so that the signal lands in exactly that
     * phase): an orderly stop, exit 0, and no ready file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"main", "options", "started", "status"})
    void aSigtermDuringStartUpIsAnOrderlyStop(String phase) throws Exception {
        Path readyFile = temp.resolve("ready.json");
        try (Programs.Running registrar = Programs.start(Map.of("JAVA_OPTS", "-D" + StopSignals.PAUSE_PROPERTY + "="
                + phase), "farm-registrar", alone("--http", "127.0.0.1:0", "--ready-file", readyFile.toString()))) {
            registrar.awaitLog("start-up paused in phase '" + phase + "'", 60);
            assertEquals(0, registrar.terminate(30), registrar.log());
            String log = registrar.log();
            assertTrue(log.contains("stop requested during start-up") && log.contains("RegistrarMain - stopped"), log);
            assertTrue(!log.contains("\tat "), "no stack trace: " + log);
            assertTrue(!Files.exists(readyFile), "never ready");
        }
    }

    @Test
    void dumpIsNoServiceASigtermEndsItAsAnyCommand() throws Exception {
        try (Programs.Running dump = Programs.start(Map.of("JAVA_OPTS", "-D" + StopSignals.PAUSE_PROPERTY + "=main"),
                "farm-registrar", "dump", "--transport", "tcp", "--registrar", "127.0.0.1:1")) {
            dump.awaitLog("start-up paused in phase 'main'", 60);
            assertEquals(143, dump.terminate(30), dump.log());
        }
    }
}
