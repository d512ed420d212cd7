package org.raypool.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.raypool.csp.CspConfig;
import org.raypool.transport.AddressSpec;
import org.raypool.wire.csp.CspCodec;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --csp-server} and {@code --csp-interval} ({@code @Mixin}): Component Status Reports to RSPLIB's cspmonitor
 * (docs/protocol/csp.md §6.1). Like RSPLIB's library, the environment variables {@code CSP_SERVER} and
 * {@code CSP_INTERVAL} stand in for options not given, and reports go out only when a server is known and the
 * interval is not 0; a server alone means 250 ms, as in rspregistrar. RSPLIB raises an environment interval to
 * 250 ms; an option below that is taken, with a warning.
 */
public final class CspOption {
    public static final String SERVER_VARIABLE = "CSP_SERVER";
    public static final String INTERVAL_VARIABLE = "CSP_INTERVAL";

    @Option(names = "--csp-server", paramLabel = "HOST[:PORT]",
            description = "Send Component Status Reports to this cspmonitor (UDP, port 2960 when left out). "
                    + "Default: $CSP_SERVER, else no reports.")
    String server;

    @Option(names = "--csp-interval", paramLabel = "MS",
            description = "Report period in ms, 0 = no reports. Default: $CSP_INTERVAL, else 250.")
    Long interval;

    /** The reporting configuration, empty when reporting is off; bad values name the option or variable. */
    public Optional<CspConfig> config(Cli cli) {
        return config(cli, System.getenv());
    }

    Optional<CspConfig> config(Cli cli, Map<String, String> environment) {
        long maxMillis = CspConfig.MAX_INTERVAL.toMillis();
        Long millis = interval;
        if (millis != null) {
            cli.range("--csp-interval", millis, 0, maxMillis);
        } else if (environment.get(INTERVAL_VARIABLE) != null) {
            millis = fromEnvironment(cli, environment.get(INTERVAL_VARIABLE), maxMillis);
        }
        InetSocketAddress address;
        if (server != null) {
            address = cli.address("--csp-server", server, CspCodec.DEFAULT_PORT);
        } else if (environment.get(SERVER_VARIABLE) != null && !environment.get(SERVER_VARIABLE).isBlank()) {
            String text = environment.get(SERVER_VARIABLE);
            try {
                address = AddressSpec.parse(text, CspCodec.DEFAULT_PORT).get(0);
            } catch (IllegalArgumentException e) {
                throw cli.error("environment variable " + SERVER_VARIABLE + "='" + text + "': " + e.getMessage()
                        + "; write HOST:PORT or unset it");
            }
        } else if (interval != null && interval > 0) {
            throw cli.bad("--csp-interval", "there is no cspmonitor to report to; give --csp-server HOST:PORT too");
        } else {
            return Optional.empty();
        }
        if (millis == null) millis = CspConfig.MIN_INTERVAL.toMillis();
        if (millis == 0) return Optional.empty();
        if (millis < CspConfig.MIN_INTERVAL.toMillis()) {
            LoggerFactory.getLogger(CspOption.class).warn("--csp-interval {} ms is below RSPLIB's floor of {} ms",
                    millis, CspConfig.MIN_INTERVAL.toMillis());
        }
        return Optional.of(new CspConfig(address, Duration.ofMillis(millis)));
    }

    private static long fromEnvironment(Cli cli, String text, long maxMillis) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw cli.error("environment variable " + INTERVAL_VARIABLE + "='" + text
                    + "' is not a number of milliseconds; fix or unset it");
        }
        if (value < 0 || value > maxMillis) {
            throw cli.error("environment variable " + INTERVAL_VARIABLE + "=" + value + " is outside 0.." + maxMillis
                    + " ms; fix or unset it");
        }
        return value == 0 ? 0 : Math.max(value, CspConfig.MIN_INTERVAL.toMillis());
    }
}
