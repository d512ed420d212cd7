package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.enrp.EnrpConfig;

/** The ENRP options of farm-registrar and its dump subcommand: defaults, spellings, one-line mistakes. */
class EnrpOptionsTest {

    private static EnrpConfig parse(String... args) {
        return RegistrarCommand.parsed(args).config().enrp().orElseThrow();
    }

    private static String[] run(String... args) {
        return RegistrarCommand.run(args);
    }

    @Test
    void defaultsAreRspLibs() {
        EnrpConfig c = parse("--transport", "tcp");
        assertEquals(List.of(new InetSocketAddress(9901)), c.endpoint());
        assertEquals(Optional.of(new InetSocketAddress("239.0.0.51", 9901)), c.announce());
        assertEquals(List.of(), c.staticPeers());
        assertEquals(2444, c.peerHeartbeatCycle().toMillis());
        assertEquals(Duration.ofSeconds(5), c.maxTimeLastHeard());
        assertEquals(Duration.ofSeconds(5), c.maxTimeNoResponse());
        assertEquals(Duration.ofSeconds(5), c.mentorDiscoveryTimeout());
        assertEquals(Duration.ofSeconds(5), c.takeoverExpiry());
        assertEquals(128, c.maxElementsPerHandleTableResponse());
        assertTrue(c.anyPortIfBusy(), "an unspecified ENRP port may move when 9901 is taken");
    }

    @Test
    void peersRepeatAndTimersShorten() {
        EnrpConfig c = parse("--transport", "tcp", "--enrp", "127.0.0.1:7000", "--enrp-announce", "off",
                "--peer", "127.0.0.2", "--peer", "127.0.0.3:7001,127.0.0.4", "--peer-heartbeat-cycle", "200",
                "--peer-max-time-last-heard", "400", "--peer-max-time-no-response", "300",
                "--mentor-discovery-timeout", "100", "--takeover-expiry-interval", "900");
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7000)), c.endpoint());
        assertEquals(Optional.empty(), c.announce());
        assertEquals(List.of(List.of(new InetSocketAddress("127.0.0.2", 9901)),
                List.of(new InetSocketAddress("127.0.0.3", 7001), new InetSocketAddress("127.0.0.4", 7001))),
                c.staticPeers());
        assertEquals(List.of(200L, 400L, 300L, 100L, 900L), List.of(c.peerHeartbeatCycle().toMillis(),
                c.maxTimeLastHeard().toMillis(), c.maxTimeNoResponse().toMillis(),
                c.mentorDiscoveryTimeout().toMillis(), c.takeoverExpiry().toMillis()));
        assertFalse(c.anyPortIfBusy(), "a port the user chose stays");
    }

    @Test
    void admissionLimitsHaveDefaultsAndOptions() {
        EnrpConfig d = parse("--transport", "tcp");
        assertEquals(List.of(32, 10_000, 600_000L), List.of(d.maxPeers(), d.maxPoolElementsPerPeer(),
                d.maxRegistrationLife().toMillis()));
        assertEquals(RegistrarLimits.DEFAULT_MAX_REGISTRATION_LIFE, d.maxRegistrationLife());
        EnrpConfig c = parse("--transport", "tcp", "--max-enrp-peers", "4", "--max-pes-per-peer", "50",
                "--max-registration-life", "30000");
        assertEquals(List.of(4, 50, 30_000L), List.of(c.maxPeers(), c.maxPoolElementsPerPeer(),
                c.maxRegistrationLife().toMillis()));
        for (String[] bad : new String[][] {{"--max-enrp-peers", "0"}, {"--max-pes-per-peer", "0"},
                {"--max-registration-life", "4294967296"}}) {
            String[] r = run("--transport", "tcp", bad[0], bad[1]);
            assertEquals("2", r[0], r[1]);
            assertTrue(r[1].startsWith("farm-registrar: Invalid value for option '" + bad[0] + "'"), r[1]);
            assertFalse(r[1].contains("\tat "), r[1]);
        }
        String help = RegistrarMain.commandLine().getUsageMessage();
        for (String option : List.of("--max-enrp-peers", "--max-pes-per-peer", "--max-registration-life")) {
            assertTrue(help.contains(option), option + " in --help");
        }
    }

    @Test
    void aUnicastAnnounceAddressIsOneLineNamingTheOption() {
        String[] r = run("--transport", "tcp", "--enrp-announce", "10.0.0.1:9901");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("farm-registrar: Invalid value for option '--enrp-announce'"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
    }

    @Test
    void aBadDumpAddressNamesTheSubcommand() {
        String[] r = run("dump", "--registrar", "host:99999");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("farm-registrar dump: Invalid value for option '--registrar'"), r[1]);
        assertTrue(r[1].contains("Try 'farm-registrar dump --help'"), r[1]);
    }
}
