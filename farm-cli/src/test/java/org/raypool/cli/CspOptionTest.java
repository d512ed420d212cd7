package org.raypool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.csp.CspConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class CspOptionTest {
    @Command(name = "prog")
    static final class Prog {
        @Mixin
        CspOption csp;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    private static Optional<CspConfig> parse(Map<String, String> env, String... args) {
        Prog prog = new Prog();
        new CommandLine(prog).parseArgs(args);
        return prog.csp.config(new Cli(prog.spec), env);
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(ParameterException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void offWithoutAServer() {
        assertEquals(Optional.empty(), parse(Map.of()));
        assertEquals(Optional.empty(), parse(Map.of("CSP_INTERVAL", "500")), "like RSPLIB's library: needs both");
    }

    @Test
    void serverAloneMeans250MsAndPort2960() {
        assertEquals(Optional.of(new CspConfig(new InetSocketAddress("127.0.0.1", 2960), Duration.ofMillis(250))),
                parse(Map.of(), "--csp-server", "127.0.0.1"));
    }

    @Test
    void optionsWinOverTheEnvironment() {
        Map<String, String> env = Map.of("CSP_SERVER", "127.0.0.9:7000", "CSP_INTERVAL", "2000");
        assertEquals(Optional.of(new CspConfig(new InetSocketAddress("127.0.0.1", 2961), Duration.ofMillis(500))),
                parse(env, "--csp-server", "127.0.0.1:2961", "--csp-interval", "500"));
        assertEquals(Optional.of(new CspConfig(new InetSocketAddress("127.0.0.9", 7000), Duration.ofMillis(2000))),
                parse(env));
    }

    @Test
    void environmentIntervalIsRaisedTo250AndZeroSwitchesOff() {
        assertEquals(Duration.ofMillis(250), parse(Map.of("CSP_SERVER", "127.0.0.1:2960", "CSP_INTERVAL", "10"))
                .orElseThrow().interval());
        assertEquals(Optional.empty(), parse(Map.of("CSP_SERVER", "127.0.0.1:2960", "CSP_INTERVAL", "0")));
        assertEquals(Optional.empty(), parse(Map.of(), "--csp-server", "127.0.0.1", "--csp-interval", "0"));
        assertEquals(Duration.ofMillis(100), parse(Map.of(), "--csp-server", "127.0.0.1", "--csp-interval", "100")
                .orElseThrow().interval(), "an option below 250 ms is taken, with a warning");
    }

    @Test
    void badValuesNameTheOptionOrVariable() {
        assertTrue(error(Map.of(), "--csp-server", "127.0.0.1", "--csp-interval", "4294968")
                .startsWith("Invalid value for option '--csp-interval': 4294968 is outside 0..4294967"));
        assertTrue(error(Map.of(), "--csp-interval", "500").contains("give --csp-server"));
        assertTrue(error(Map.of("CSP_SERVER", "127.0.0.1", "CSP_INTERVAL", "soon"))
                .contains("CSP_INTERVAL='soon' is not a number"));
        assertTrue(error(Map.of("CSP_SERVER", "127.0.0.1:x")).startsWith("environment variable CSP_SERVER"));
        assertTrue(error(Map.of(), "--csp-server", "127.0.0.1:70000").startsWith("Invalid value for option '--csp-server'"));
    }
}
