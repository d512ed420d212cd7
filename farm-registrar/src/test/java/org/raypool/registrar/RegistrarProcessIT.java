package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.PoolElementRegistration;
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
    private final Transport tcp = Transports.forName("tcp");

    @Test
    void servesRegistrationsAndResolutionsAndDiesWithItsClientsNoticing() throws Exception {
        int port = Programs.freePort();
        try (Programs.Running registrar = Programs.start("farm-registrar", "--transport", "tcp", "--asap",
                "127.0.0.1:" + port, "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off", "--min-address-scope", "loopback", "--id", "0x36acceb7")) {
            registrar.awaitLog("serving ASAP over tcp", 30);
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
    void aBusyPortIsOneClearLine() throws Exception {
        int port = Programs.freePort();
        try (Programs.Running first = Programs.start("farm-registrar", "--transport", "tcp", "--asap",
                "127.0.0.1:" + port, "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off")) {
            first.awaitLog("serving ASAP over tcp", 30);
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
        try (Programs.Running registrar = Programs.start("farm-registrar", "--transport", "tcp", "--asap",
                "127.0.0.1:" + Programs.freePort(), "--asap-announce", "off", "--enrp", "127.0.0.1:0", "--enrp-announce", "off")) {
            registrar.awaitLog("serving ASAP over tcp", 30);
            assertEquals(0, registrar.terminate(10), registrar.log());
        }
    }
}
