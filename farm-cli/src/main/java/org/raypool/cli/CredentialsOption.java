package org.raypool.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.CredentialsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --credentials DIR} of all three programs ({@code @Mixin}): with it the program runs in the authenticated
 * farm, mutual TLS 1.3 over TCP (docs/security.md); without it, open, said in one warning line at start-up.
 */
public final class CredentialsOption {

    /** ASAP over TLS: IANA's asap-tcp-tls port. */
    public static final int ASAP_TLS_PORT = 3864;
    /** ENRP over TLS: IANA's enrp-sctp-tls port number, here over TCP. */
    public static final int ENRP_TLS_PORT = 9902;

    @Option(names = "--credentials", paramLabel = "DIR",
            description = "Run in the authenticated farm: DIR holds ca.crt, cert.crt and key.pem (mode 600) from "
                    + "'farm-registrar credentials issue'. Mutual TLS 1.3 over TCP; ports ASAP 3864, ENRP 9902. "
                    + "Default: open (no authentication; see README, Security).")
    Path dir;

    /** The {@code --credentials} folder as given; empty in open mode. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /**
     * The credentials, checked against {@code transport} (auto, sctp or tcp, checked already); empty for open
     * mode. Logs nothing: {@link #logMode} does, once all options are valid.
     *
     * @throws picocli.CommandLine.ParameterException one line naming the file or option and the fix
     */
    public Optional<Credentials> load(Cli cli, String transport) {
        if (dir == null) return Optional.empty();
        if ("sctp".equals(transport)) {
            throw cli.bad("--transport", "sctp cannot be used with --credentials: the authenticated farm runs TLS "
                    + "over TCP (use --transport tcp or auto)");
        }
        try {
            return Optional.of(Credentials.load(dir));
        } catch (CredentialsException e) {
            throw cli.bad("--credentials", e.getMessage());
        }
    }

    /**
     * The start-up line saying which mode the program runs in, once every option is valid (a bad option is one
     * line alone): a warning in open mode.
     */
    public void logMode(Optional<Credentials> loaded) {
        // not a static field: picocli makes this mixin before --log-level has configured the logging
        Logger log = LoggerFactory.getLogger(CredentialsOption.class);
        if (loaded.isEmpty()) {
            log.warn("running open: no --credentials, anyone on the network can register workers and submit jobs "
                    + "(see README, Security)");
        } else {
            log.info("authenticated farm: {} with credentials from {}", loaded.get().identity(), dir);
        }
    }

    /** Whether {@code --credentials} was given. */
    public boolean given() {
        return dir != null;
    }
}
