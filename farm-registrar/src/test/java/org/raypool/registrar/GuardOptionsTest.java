package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.handlespace.HandlespaceLimits;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;

/** The guard options of docs/protocol/registrar-behaviour.md §3.9: defaults, spellings, one-line mistakes. */
class GuardOptionsTest {

    private static RegistrarLimits parse(String... args) {
        return RegistrarCommand.parsed(args).config().limits();
    }

    private static String[] run(String... args) {
        return RegistrarCommand.run(args);
    }

    @Test
    void defaultsAreRspLibsRatesAndSaneBounds() {
        RegistrarLimits l = parse("--transport", "tcp");
        assertEquals(RegistrarLimits.DEFAULTS, l);
        assertEquals(-1.0, l.maxHandleResolutionRate(), "RSPLIB REGISTRAR_DEFAULT_MAX_HR_RATE: unlimited");
        assertEquals(-1.0, l.maxEndpointUnreachableRate(), "RSPLIB REGISTRAR_DEFAULT_MAX_EU_RATE: unlimited");
        assertEquals(new HandlespaceLimits(1000, 10_000, 1000, Map.of()), l.handlespace());
        assertEquals(Duration.ofMinutes(10), l.maxRegistrationLife());
        assertEquals(64, l.maxAssociationsPerAddress());
        assertEquals(32, l.maxErrorCauses());
    }

    @Test
    void everyOptionIsTaken() {
        RegistrarLimits l = parse("--transport", "tcp", "--max-hr-rate", "12.5", "--max-eu-rate", "2",
                "--pool-policy", "ScriptingPool=LeastUsedDegradation", "--pool-policy", "Other=RoundRobin",
                "--max-pools", "5", "--max-pool-elements", "50", "--max-pool-elements-per-association", "4",
                "--max-registration-life", "30000", "--max-associations-per-address", "8", "--max-error-causes", "1");
        assertEquals(new RegistrarLimits(1, 8, Duration.ofSeconds(30), 12.5, 2, new HandlespaceLimits(5, 50, 4,
                Map.of(PoolHandle.fromString("ScriptingPool"), PolicyType.LEAST_USED_DEGRADATION,
                        PoolHandle.fromString("Other"), PolicyType.ROUND_ROBIN))), l);
    }

    @Test
    void aBadPoolPolicyIsOneLineNamingTheOptionAndTheFix() {
        for (String bad : new String[] {"ScriptingPool", "ScriptingPool=Fastest", "=RoundRobin"}) {
            String[] r = run("--transport", "tcp", "--pool-policy", bad);
            assertEquals("2", r[0], bad);
            assertTrue(r[1].startsWith("farm-registrar: Invalid value for option '--pool-policy'"), r[1]);
            assertFalse(r[1].contains("\tat "), r[1]);
        }
        assertTrue(run("--transport", "tcp", "--pool-policy", "P=Fastest")[1].contains("RoundRobin"),
                "the unknown policy's line lists the names");
        String[] twice = run("--transport", "tcp", "--pool-policy", "P=RoundRobin", "--pool-policy", "P=Random");
        assertTrue(twice[1].contains("given twice"), twice[1]);
    }

    @Test
    void boundsOutOfRangeAreOneLine() {
        String[] r = run("--transport", "tcp", "--max-registration-life", "10");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("farm-registrar: Invalid value for option '--max-registration-life'"), r[1]);
        r = run("--transport", "tcp", "--max-associations-per-address", "0");
        assertTrue(r[1].startsWith("farm-registrar: Invalid value for option '--max-associations-per-address'"), r[1]);
    }
}
