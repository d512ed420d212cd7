package org.raypool.cli;

import java.time.Duration;
import org.raypool.transport.tls.HandshakeLimits;
import picocli.CommandLine.Option;

/**
 * The bounds on TLS handshakes of accepted connections ({@code @Mixin} of the programs that listen in the
 * authenticated farm: farm-registrar and farm-worker), docs/security.md "Handshake bounds". Without
 * {@code --credentials} they do nothing.
 */
public final class TlsHandshakeOptions {

    @Option(names = "--max-tls-handshakes", paramLabel = "N",
            defaultValue = "64",
            description = "With --credentials: at most N TLS handshakes of accepted connections in progress at once "
                    + "on each listening port; past it a connection is closed at once. Default: ${DEFAULT-VALUE}.")
    int inProgress;

    @Option(names = "--max-tls-handshakes-per-address", paramLabel = "N", defaultValue = "8",
            description = "With --credentials: at most N of them from one source address. Default: "
                    + "${DEFAULT-VALUE}.")
    int perAddress;

    @Option(names = "--tls-handshake-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "With --credentials: close an accepted connection whose TLS handshake is not done this "
                    + "long after it was accepted. Default: ${DEFAULT-VALUE}.")
    long timeoutMillis;

    /** The limits, checked: a bad value is one line naming the option. */
    public HandshakeLimits limits(Cli cli) {
        cli.range("--max-tls-handshakes", inProgress, 1, 100_000);
        cli.range("--max-tls-handshakes-per-address", perAddress, 1, inProgress);
        cli.range("--tls-handshake-timeout", timeoutMillis, 1, 3_600_000);
        return new HandshakeLimits(inProgress, perAddress, Duration.ofMillis(timeoutMillis));
    }
}
