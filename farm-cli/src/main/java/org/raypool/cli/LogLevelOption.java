package org.raypool.cli;

import picocli.CommandLine.Option;

/** {@code --log-level} where it defaults to info ({@code @Mixin}); farm-submit, quieter by default, has its own. */
public final class LogLevelOption {
    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}.")
    String level;

    /** Configures logging at the level given; an unknown one is a bad value of --log-level. */
    public void configure(Cli cli) {
        cli.logLevel("--log-level", level);
    }
}
