package org.raypool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raypool.transport.tls.HandshakeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class TlsHandshakeOptionsTest {
    @Command(name = "prog", mixinStandardHelpOptions = true)
    static final class Prog {
        @Mixin
        TlsHandshakeOptions handshakes;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    private static HandshakeLimits parse(String... args) {
        Prog prog = new Prog();
        new CommandLine(prog).parseArgs(args);
        return prog.handshakes.limits(new Cli(prog.spec));
    }

    @Test
    void theDefaultsAreHandshakeLimitsDefaults() {
        assertEquals(HandshakeLimits.DEFAULTS, parse());
        String help = new CommandLine(new Prog()).getUsageMessage();
        assertTrue(help.contains("--max-tls-handshakes=N") && help.contains("Default: 64"), help);
        assertTrue(help.contains("--max-tls-handshakes-per-address=N") && help.contains("Default: 8"), help);
        assertTrue(help.contains("--tls-handshake-timeout=MS") && help.contains("Default: 5000"), help);
    }

    @Test
    void valuesAndOneLineMistakes() {
        assertEquals(new HandshakeLimits(10, 2, Duration.ofMillis(1500)), parse("--max-tls-handshakes", "10",
                "--max-tls-handshakes-per-address", "2", "--tls-handshake-timeout", "1500"));
        String tooMany = assertThrows(ParameterException.class, () -> parse("--max-tls-handshakes", "4")).getMessage();
        assertEquals("Invalid value for option '--max-tls-handshakes-per-address': 8 is outside 1..4", tooMany);
        String zero = assertThrows(ParameterException.class, () -> parse("--tls-handshake-timeout", "0")).getMessage();
        assertTrue(zero.startsWith("Invalid value for option '--tls-handshake-timeout'") && !zero.contains("\n"), zero);
    }
}
