package org.raypool.registrar;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.raypool.cli.Cli;
import org.raypool.transport.tls.CertificateAuthority;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farm-registrar credentials}: the farm CA and the role certificates of an authenticated farm
 * (docs/security.md). {@code init} creates the CA; {@code issue} writes a program's {@code --credentials} directory.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        subcommands = {CredentialsCommand.Init.class, CredentialsCommand.Issue.class},
        description = "Create the farm CA and issue role certificates (registrar, worker, user) for --credentials.")
final class CredentialsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Create the farm CA: DIR/ca.crt (give to every program) and DIR/ca.key (keep it here, mode 600).")
    static final class Init implements Callable<Integer> {
        @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "Where the CA is written.")
        Path caDir;

        @Option(names = "--farm", paramLabel = "NAME", defaultValue = "raypool",
                description = "The farm's name (O= of every certificate). Default: ${DEFAULT-VALUE}.")
        String farm;

        @Option(names = "--days", paramLabel = "N", defaultValue = "3650",
                description = "How long the CA is valid. Default: ${DEFAULT-VALUE}.")
        long days;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Cli cli = new Cli(spec);
            cli.range("--days", days, 1, 36_500);
            if (farm.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "--farm must not be empty");
            try {
                CertificateAuthority.create(farm, Instant.now(), Duration.ofDays(days)).save(caDir);
            } catch (IOException e) {
                spec.commandLine().getErr().println("farm-registrar credentials init: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("farm CA created in " + caDir + " (" + Credentials.CA_FILE + ", "
                    + CertificateAuthority.CA_KEY_FILE + "); keep " + CertificateAuthority.CA_KEY_FILE + " secret");
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Issue a role certificate into DIR2: ca.crt, cert.crt and key.pem (mode 600), the directory "
                    + "a program's --credentials names.")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "The CA made by 'init'.")
        Path caDir;

        @Option(names = "--role", required = true, paramLabel = "registrar|worker|user",
                description = "What the holder may do: registrar (ENRP, serve ASAP), worker (register, serve jobs), "
                        + "user (submit jobs).")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The holder's name (CN), e.g. the PC's or the student's; workers log it per session.")
        String name;

        @Option(names = "--days", paramLabel = "N", defaultValue = "365",
                description = "How long the certificate is valid. Default: ${DEFAULT-VALUE}.")
        long days;

        @Option(names = "--out", required = true, paramLabel = "DIR2",
                description = "The new credentials directory; existing files are never overwritten.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Cli cli = new Cli(spec);
            cli.range("--days", days, 1, 36_500);
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--role: " + e.getMessage());
            }
            if (name.isBlank()) throw new CommandLine.ParameterException(spec.commandLine(), "--name must not be empty");
            try {
                CertificateAuthority ca = CertificateAuthority.load(caDir);
                ca.write(ca.issue(parsed, name, Instant.now(), Duration.ofDays(days)), out);
            } catch (IOException e) {
                spec.commandLine().getErr().println("farm-registrar credentials issue: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println(parsed.label() + " certificate for '" + name + "' written to " + out
                    + "; copy that directory to the machine and pass --credentials " + out);
            return 0;
        }
    }
}
