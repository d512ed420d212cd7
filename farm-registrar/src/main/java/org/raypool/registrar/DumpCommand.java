package org.raypool.registrar;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.raypool.cli.Cli;
import org.raypool.cli.CredentialsOption;
import org.raypool.cli.TransportOption;
import org.raypool.registrar.enrp.EnrpConfig;
import org.raypool.registrar.enrp.HandlespaceDump;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TransportParameter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code farm-registrar dump}: a registrar's handlespace as a table, fetched over ENRP like RSPLIB's hsdump. */
@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Print the pools and pool elements a registrar knows, asked over ENRP as RSPLIB's hsdump does.")
final class DumpCommand implements Callable<Integer> {

    @Option(names = "--registrar", required = true, paramLabel = "HOST:PORT[,HOST...]",
            description = "The registrar's ENRP endpoint (port default 9901; 9902 with --credentials, which must be a "
                    + "registrar's).")
    String registrar;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the whole table in ms. Default: ${DEFAULT-VALUE}.")
    long timeout;

    @Mixin
    TransportOption transport;

    @Mixin
    CredentialsOption credentials;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    RegistrarMain parent;

    @Override
    public Integer call() throws InterruptedException {
        // a client, not a service: SIGTERM and Ctrl-C end it as they end any command
        parent.stopSignals().restoreDefault();
        Cli cli = new Cli(spec);
        String transportName = transport.value(cli);
        // ENRP of an authenticated farm takes registrars only: dump with a registrar's credentials
        Optional<Credentials> loaded = credentials.given() ? credentials.load(cli, transportName) : Optional.empty();
        List<InetSocketAddress> address = cli.addresses("--registrar", registrar,
                loaded.isPresent() ? CredentialsOption.ENRP_TLS_PORT : EnrpConfig.ENRP_PORT);
        cli.range("--timeout", timeout, 1, 600_000);
        HandlespaceDump.Result result;
        try {
            Transport enrp = Transports.forName(transportName, TransportOptions.DEFAULTS, null,
                    loaded.map(c -> TlsPolicy.connectingTo(c, Role.REGISTRAR)).orElse(null));
            result = HandlespaceDump.fetch(enrp, address, Duration.ofMillis(timeout));
        } catch (IOException | IllegalStateException e) {
            spec.commandLine().getErr().println("farm-registrar dump: " + e.getMessage() + " (--registrar names the "
                    + "registrar's ENRP endpoint, port 9901 by default, not its ASAP port; is it running with ENRP there?)");
            return 1;
        }
        print(result, spec.commandLine().getOut());
        return 0;
    }

    static void print(HandlespaceDump.Result r, PrintWriter out) {
        long pools = r.entries().stream().map(PoolEntry::poolHandle).distinct().count();
        out.printf("registrar 0x%08x: %d peers, %d pools, %d pool elements%n", r.registrarIdentifier(),
                r.peers().size(), pools, r.entries().size());
        for (ServerInformation s : r.peers()) {
            out.printf("  peer 0x%08x  %s%n", s.serverIdentifier(), addresses(s.transport()));
        }
        String format = "%-24s %-22s %-10s %-28s %7s %-10s%n";
        out.printf(format, "POOL HANDLE", "POLICY", "PE ID", "USER ADDRESS", "LOAD", "HOME");
        for (PoolEntry e : r.entries()) {
            PoolElement pe = e.poolElement();
            PoolMemberSelectionPolicy policy = pe.policy();
            String load = policy.has(PolicyType.Word.LOAD)
                    ? String.format("%.1f%%", 100.0 * policy.word(PolicyType.Word.LOAD) / 0xFFFF_FFFFL) : "-";
            out.printf(format, e.poolHandle(), policy.type().rsplibName(), String.format("0x%08x", pe.identifier()),
                    addresses(pe.userTransport()), load, String.format("0x%08x", pe.homeRegistrarIdentifier()));
        }
        out.flush();
    }

    private static String addresses(TransportParameter t) {
        String protocol = t.parameterType().name().replace("_TRANSPORT", "").toLowerCase();
        return t.addresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","))
                + ":" + t.port() + "/" + protocol;
    }
}
