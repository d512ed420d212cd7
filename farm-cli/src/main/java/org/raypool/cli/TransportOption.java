package org.raypool.cli;

import picocli.CommandLine.Option;

/**
 * {@code --transport} of a program that listens ({@code @Mixin}); farm-submit, which only connects, words it its
 * own way.
 */
public final class TransportOption {
    @Option(names = "--transport", paramLabel = "auto|sctp|tcp", defaultValue = "auto",
            description = "auto = SCTP where the kernel has it, else TCP. Default: ${DEFAULT-VALUE}.")
    String transport;

    /** auto, sctp or tcp, checked. */
    public String value(Cli cli) {
        cli.transport("--transport", transport);
        return transport;
    }
}
