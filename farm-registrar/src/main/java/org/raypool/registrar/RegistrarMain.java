package org.raypool.registrar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.raypool.asap.AddressScope;
import org.raypool.cli.Cli;
import org.raypool.cli.CspOption;
import org.raypool.cli.StatusOutputs;
import org.raypool.cli.http.HttpOption;
import org.raypool.csp.CspConfig;
import org.raypool.registrar.status.RegistrarCsp;
import org.raypool.registrar.status.RegistrarHttp;
import org.raypool.cli.StopSignals;
import org.raypool.cli.LogLevelOption;
import org.raypool.cli.ReadyFile;
import org.raypool.cli.CredentialsOption;
import org.raypool.cli.TlsHandshakeOptions;
import org.raypool.cli.TransportOption;
import org.raypool.registrar.enrp.EnrpConfig;
import org.raypool.registrar.handlespace.HandlespaceLimits;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.HandshakeLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line of farm-registrar: GNU-style spellings of RSPLIB's rspregistrar options
 * (docs/protocol/registrar-behaviour.md §9) with RSPLIB's defaults. This class is the only place that parses options;
 * the registrar gets a {@link RegistrarConfig}.
 */
@Command(name = "farm-registrar", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {DumpCommand.class, CredentialsCommand.class},
        versionProvider = Cli.VersionProvider.class,
        description = "The RSerPool registrar (PR) of a RayPool farm: ASAP server for workers and clients, "
                + "ENRP peer of the other registrars.",
        footer = {"", "SIGTERM or SIGINT: close the endpoints (after the last CSP report), exit 0; during start-up "
                + "as well, which then ends."})
public final class RegistrarMain implements Callable<Integer> {

    @Option(names = "--asap", paramLabel = "HOST:PORT[,HOST...]",
            description = "ASAP endpoint. Default: all addresses, port 3863 on TCP; a random port 10000..59999 on "
                    + "SCTP, as RSPLIB (clients learn it from the announces).")
    String asap;

    @Option(names = "--asap-announce", paramLabel = "ADDR:PORT|auto|off", defaultValue = "auto",
            description = "Multicast group for ASAP Server Announces; auto = 239.0.0.50:3863. Default: ${DEFAULT-VALUE}.")
    String asapAnnounce;

    @Option(names = "--announce-interface", paramLabel = "NAME",
            description = "Network interface for multicast announces (e.g. eth0, lo). Default: the system's choice.")
    String announceInterface;

    @Option(names = "--announce-ttl", defaultValue = "30", description = "Multicast TTL, 1..255. Default: ${DEFAULT-VALUE}.")
    int announceTtl;

    @Option(names = "--server-announce-cycle", paramLabel = "MS", defaultValue = "1000",
            description = "Server Announce period in ms (randomised by +-12.5%%), 100..60000. Default: ${DEFAULT-VALUE}.")
    long serverAnnounceCycle;

    @Mixin
    TransportOption transport;

    @Mixin
    CredentialsOption credentials;

    /** What {@link #config()} loaded from {@code --credentials}; empty in open mode. */
    private Optional<Credentials> loadedCredentials = Optional.empty();

    @Mixin
    TlsHandshakeOptions tlsHandshakes;

    /** What {@link #config()} made of the handshake options. */
    private HandshakeLimits handshakeLimits = HandshakeLimits.DEFAULTS;

    @Option(names = "--id", paramLabel = "ID", description = "Registrar identifier, 0x... or decimal. Default: random.")
    String id;

    @Option(names = "--min-address-scope", paramLabel = "loopback|site-local|global", defaultValue = "site-local",
            description = "Drop PE addresses below this scope; a farm on one machine needs loopback. "
                    + "Default: ${DEFAULT-VALUE} (RSPLIB's).")
    String minAddressScope;

    @Option(names = "--max-hres-items", defaultValue = "3",
            description = "PEs per Handle Resolution Response when the request does not say. Default: ${DEFAULT-VALUE}.")
    int maxHresItems;

    @Option(names = "--max-bad-pe-reports", defaultValue = "3",
            description = "Endpoint Unreachable reports that remove a PE. Default: ${DEFAULT-VALUE}.")
    int maxBadPeReports;

    @Option(names = "--max-increment", defaultValue = "0",
            description = "PEs whose selection state a resolution updates; 0 = the policy's default. Default: ${DEFAULT-VALUE}.")
    int maxIncrement;

    @Option(names = "--keep-alive-interval", paramLabel = "MS", defaultValue = "5000",
            description = "Endpoint Keep-Alive transmission interval in ms, 300..300000. Default: ${DEFAULT-VALUE}.")
    long keepAliveInterval;

    @Option(names = "--keep-alive-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "Endpoint Keep-Alive timeout in ms, 100..60000. Default: ${DEFAULT-VALUE}.")
    long keepAliveTimeout;

    @Option(names = "--enrp", paramLabel = "HOST:PORT[,HOST...]",
            description = "ENRP endpoint for the peer registrars. Default: all addresses, port 9901 on TCP (another "
                    + "port if that is taken); a random port 10000..59999 on SCTP, as RSPLIB (peers learn it from "
                    + "the Presences).")
    String enrp;

    @Option(names = "--enrp-announce", paramLabel = "ADDR:PORT|auto|off", defaultValue = "auto",
            description = "Multicast group for ENRP Presences; auto = 239.0.0.51:9901. Default: ${DEFAULT-VALUE}.")
    String enrpAnnounce;

    @Option(names = "--peer", paramLabel = "HOST:PORT[,HOST...]",
            description = "A peer registrar's ENRP endpoint (port default 9901); repeat for more peers.")
    List<String> peers = new java.util.ArrayList<>();

    @Option(names = "--peer-heartbeat-cycle", paramLabel = "MS", defaultValue = "2444",
            description = "ENRP Presence period in ms (randomised by +-12.5%%), 100..300000. Default: ${DEFAULT-VALUE}.")
    long peerHeartbeatCycle;

    @Option(names = "--peer-max-time-last-heard", paramLabel = "MS", defaultValue = "5000",
            description = "Silence in ms after which a peer is asked for a Presence, 100..300000. Default: ${DEFAULT-VALUE}.")
    long peerMaxTimeLastHeard;

    @Option(names = "--peer-max-time-no-response", paramLabel = "MS", defaultValue = "5000",
            description = "Further silence in ms before its PEs are taken over, 100..60000. Default: ${DEFAULT-VALUE}.")
    long peerMaxTimeNoResponse;

    @Option(names = "--mentor-discovery-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "Longest start-up phase in ms (no Server Announces before the mentor's handle table "
                    + "arrived or this passed), 100..60000. Default: ${DEFAULT-VALUE}.")
    long mentorDiscoveryTimeout;

    @Option(names = "--takeover-expiry-interval", paramLabel = "MS", defaultValue = "5000",
            description = "How long a takeover waits for the other peers' acks in ms, 100..60000. Default: ${DEFAULT-VALUE}.")
    long takeoverExpiryInterval;

    @Option(names = "--max-enrp-peers", paramLabel = "N", defaultValue = "32",
            description = "Registrars at most in the ENRP peer table (static peers always fit). Default: ${DEFAULT-VALUE}.")
    int maxEnrpPeers;

    @Option(names = "--max-pes-per-peer", paramLabel = "N", defaultValue = "10000",
            description = "PEs at most that one ENRP peer may be home of here. Default: ${DEFAULT-VALUE}.")
    int maxPesPerPeer;

    @Option(names = "--max-elements-per-ht-request", paramLabel = "N", defaultValue = "128",
            description = "PEs per ENRP Handle Table Response (and at most 1400 bytes). Default: ${DEFAULT-VALUE}.")
    int maxElementsPerHtRequest;

    @Option(names = "--max-hr-rate", paramLabel = "PER_S", defaultValue = "-1",
            description = "Handle Resolutions per second one client may ask about one pool (rate over its last 16); "
                    + "more are answered with 0x000a. Negative = unlimited (RSPLIB -maxhrrate). Default: ${DEFAULT-VALUE}.")
    double maxHrRate;

    @Option(names = "--max-eu-rate", paramLabel = "PER_S", defaultValue = "-1",
            description = "Endpoint Unreachables per second one client may send about one PE (rate over its last 16); "
                    + "more are ignored. Negative = unlimited (RSPLIB -maxeurate). Default: ${DEFAULT-VALUE}.")
    double maxEuRate;

    @Option(names = "--pool-policy", paramLabel = "POOL=POLICY",
            description = "Fix a pool's policy (RSPLIB name, e.g. ScriptingPool=LeastUsed): a PE with another one is "
                    + "refused (0x0005), also when the pool is empty. Repeat for more pools.")
    List<String> poolPolicies = new java.util.ArrayList<>();

    @Option(names = "--max-pools", paramLabel = "N", defaultValue = "" + HandlespaceLimits.DEFAULT_MAX_POOLS,
            description = "Pools in the handlespace; a PE that would open one more is refused (0x0006). "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxPools;

    @Option(names = "--max-pool-elements", paramLabel = "N",
            defaultValue = "" + HandlespaceLimits.DEFAULT_MAX_POOL_ELEMENTS,
            description = "PEs in all pools (own and learned over ENRP); more are refused (0x0006). "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxPoolElements;

    @Option(names = "--max-pool-elements-per-association", paramLabel = "N",
            defaultValue = "" + HandlespaceLimits.DEFAULT_MAX_POOL_ELEMENTS_PER_CONNECTION,
            description = "PEs registered over one ASAP association; more are refused (0x0006). Default: ${DEFAULT-VALUE}.")
    int maxPoolElementsPerAssociation;

    @Option(names = "--max-registration-life", paramLabel = "MS", defaultValue = "600000",
            description = "Longest Registration Life a PE gets (longer asks are cut to it; peers expire our PEs by "
                    + "it), 1000..4294967295. Default: ${DEFAULT-VALUE}.")
    long maxRegistrationLife;

    @Option(names = "--max-associations-per-address", paramLabel = "N",
            defaultValue = "" + RegistrarLimits.DEFAULT_MAX_ASSOCIATIONS_PER_ADDRESS,
            description = "Associations one source address may hold on the ASAP endpoint (and on the ENRP one); "
                    + "more are aborted. Default: ${DEFAULT-VALUE}.")
    int maxAssociationsPerAddress;

    @Option(names = "--max-error-causes", paramLabel = "N", defaultValue = "" + RegistrarLimits.DEFAULT_MAX_ERROR_CAUSES,
            description = "Causes in the one Error that answers a message with unrecognized parameters. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxErrorCauses;

    @Mixin
    CspOption csp;

    @Mixin
    HttpOption http;

    @Mixin
    LogLevelOption logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReadyFile readyFile;

    private StopSignals stop = StopSignals.notInstalled();

    public static void main(String[] args) {
        // The first statement: from here on a SIGTERM is a request to stop in order, whatever start-up is doing.
        StopSignals stop = StopSignals.install();
        // a stop in this phase ends the start-up at the command's first check, once it is known what runs
        stop.stopAt("main");
        RegistrarMain main = new RegistrarMain();
        main.stop = stop;
        System.exit(Cli.commandLine(main).execute(args));
    }

    static CommandLine commandLine() {
        return Cli.commandLine(new RegistrarMain());
    }

    /** The stop request of this process, for a subcommand that is not a service. */
    StopSignals stopSignals() {
        return stop;
    }

    @Override
    public Integer call() throws InterruptedException {
        RegistrarConfig config = config();
        Cli cli = new Cli(spec);
        Optional<CspConfig> cspConfig = csp.config(cli);
        Optional<InetSocketAddress> httpAddress = http.address(cli);
        credentials.logMode(loadedCredentials);
        if (stop.stopAt("options")) return stoppedDuringStartUp("options");
        Registrar registrar;
        try {
            readyFile.clear();
            registrar = Registrar.start(config, loadedCredentials, handshakeLimits);
        } catch (IOException | IllegalStateException e) {
            if (stop.requested()) return stoppedDuringStartUp("starting");
            spec.commandLine().getErr().println("farm-registrar: cannot start: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            if (stop.requested()) return stoppedDuringStartUp("starting");
            throw e;
        }
        if (stop.stopAt("started")) return stoppedDuringStartUp("started", registrar);
        StatusOutputs outputs;
        try {
            outputs = StatusOutputs.start(httpAddress, a -> RegistrarHttp.start(a, registrar.status()), cspConfig,
                    c -> RegistrarCsp.start(c, registrar.status(), () -> registrar.asapEndpoint().port()));
        } catch (IOException e) {
            if (stop.requested()) return stoppedDuringStartUp("started", registrar);
            spec.commandLine().getErr().println("farm-registrar: " + e.getMessage());
            registrar.close();
            return 1;
        } catch (RuntimeException e) {
            registrar.close();
            if (stop.requested()) return stoppedDuringStartUp("started");
            throw e;
        }
        if (stop.stopAt("status")) return stoppedDuringStartUp("status", outputs, registrar);
        try {
            readyFile.write(spec.name(), config.identifier(), config.transport(), endpoints(registrar), outputs);
        } catch (IOException e) {
            // the file is written through a channel, which a stop's interrupt closes
            if (stop.requested()) return stoppedDuringStartUp("status", outputs, registrar);
            spec.commandLine().getErr().println("farm-registrar: " + e.getMessage());
            outputs.close();
            registrar.close();
            return 1;
        }
        Runnable stopping = () -> {
            readyFile.remove();
            outputs.close();
            registrar.close();
        };
        stop.startUpOver();
        if (!stop.handled()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopping, "farm-registrar-shutdown"));
        }
        stop.await();
        log().info("stop requested: stopping");
        stopping.run();
        log().info("stopped");
        return 0;
    }

    /** Asked for when needed: a static logger would set logging up before main's first statement. */
    private static Logger log() {
        return LoggerFactory.getLogger(RegistrarMain.class);
    }

    /** The ports the registrar bound, for the ready file. */
    private static Map<String, Integer> endpoints(Registrar registrar) {
        Map<String, Integer> ports = new HashMap<>();
        ports.put("asap", registrar.asapEndpoint().port());
        if (registrar.config().enrp().isPresent()) ports.put("enrp", registrar.enrpEndpoint().port());
        return ports;
    }

    /** A stop requested during start-up: close what was opened (last first) and end as a stop does, with 0. */
    private int stoppedDuringStartUp(String phase, AutoCloseable... opened) {
        stop.startUpOver();
        log().info("stop requested during start-up: ending it at phase '{}'", phase);
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                log().warn("stopping: {}", e.getMessage());
            }
        }
        log().info("stopped");
        return 0;
    }

    /** Validates every option; a bad one ends in a ParameterException that picocli prints with the usage hint. */
    RegistrarConfig config() {
        Cli cli = new Cli(spec);
        logLevel.configure(cli);
        int identifier = id == null ? Cli.randomIdentifier() : cli.identifier("--id", id);
        String transportName = transport.value(cli);
        loadedCredentials = credentials.load(cli, transportName);
        handshakeLimits = tlsHandshakes.limits(cli);
        // the authenticated farm is TLS over TCP on IANA's TLS ports (docs/security.md)
        int asapPort = loadedCredentials.isPresent() ? CredentialsOption.ASAP_TLS_PORT : RegistrarConfig.ASAP_PORT;
        String chosen = loadedCredentials.isPresent() ? "tcp" : cli.parse(() -> {
            try {
                return Transports.forName(transportName).name();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, "--transport");
        List<InetSocketAddress> endpoint = asap == null
                ? List.of(new InetSocketAddress("tcp".equals(chosen) ? asapPort : 0))
                : cli.addresses("--asap", asap, asapPort);
        Optional<InetSocketAddress> announce = switch (asapAnnounce) {
            case "off" -> Optional.empty();
            case "auto" -> Optional.of(RegistrarConfig.ASAP_ANNOUNCE_GROUP);
            default -> Optional.of(cli.address("--asap-announce", asapAnnounce, RegistrarConfig.ASAP_PORT));
        };
        cli.range("--announce-ttl", announceTtl, 1, 255);
        cli.range("--server-announce-cycle", serverAnnounceCycle, 100, 60_000);
        cli.range("--keep-alive-interval", keepAliveInterval, 300, 300_000);
        cli.range("--keep-alive-timeout", keepAliveTimeout, 100, 60_000);
        cli.range("--max-hres-items", maxHresItems, 1, 128);
        cli.range("--max-bad-pe-reports", maxBadPeReports, 1, Integer.MAX_VALUE);
        cli.range("--max-increment", maxIncrement, 0, Integer.MAX_VALUE);
        AddressScope scope = cli.addressScope("--min-address-scope", minAddressScope);
        RegistrarLimits limits = limits(cli); // first: it checks --max-registration-life, which ENRP uses too
        return new RegistrarConfig(identifier, chosen, endpoint, announce, Optional.ofNullable(announceInterface),
                announceTtl, Duration.ofMillis(serverAnnounceCycle), scope, maxHresItems, maxBadPeReports,
                maxIncrement, Duration.ofMillis(keepAliveInterval), Duration.ofMillis(keepAliveTimeout))
                .withEnrp(enrpConfig(cli, chosen)).withLimits(limits);
    }

    private RegistrarLimits limits(Cli cli) {
        if (Double.isNaN(maxHrRate)) throw cli.bad("--max-hr-rate", "give a number of requests per second");
        if (Double.isNaN(maxEuRate)) throw cli.bad("--max-eu-rate", "give a number of reports per second");
        cli.range("--max-pools", maxPools, 1, Integer.MAX_VALUE);
        cli.range("--max-pool-elements", maxPoolElements, 1, Integer.MAX_VALUE);
        cli.range("--max-pool-elements-per-association", maxPoolElementsPerAssociation, 1, Integer.MAX_VALUE);
        cli.range("--max-registration-life", maxRegistrationLife, 1000, 0xFFFF_FFFFL);
        cli.range("--max-associations-per-address", maxAssociationsPerAddress, 1, Integer.MAX_VALUE);
        cli.range("--max-error-causes", maxErrorCauses, 1, 16_383);
        Map<PoolHandle, PolicyType> fixed = new HashMap<>();
        for (String text : poolPolicies) {
            int eq = text.lastIndexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw cli.bad("--pool-policy", "'" + text + "' is not POOL=POLICY (e.g. ScriptingPool=LeastUsed)");
            }
            String pool = text.substring(0, eq);
            PoolHandle handle = cli.parse(() -> PoolHandle.fromString(pool), "--pool-policy");
            PolicyType type = PolicyType.ofRsplibName(text.substring(eq + 1)).orElseThrow(() -> cli.bad(
                    "--pool-policy", "unknown policy '" + text.substring(eq + 1) + "' (RSPLIB names: "
                            + java.util.Arrays.stream(PolicyType.values()).map(PolicyType::rsplibName)
                                    .collect(java.util.stream.Collectors.joining(", ")) + ")"));
            if (fixed.put(handle, type) != null) throw cli.bad("--pool-policy", "pool '" + pool + "' given twice");
        }
        return new RegistrarLimits(maxErrorCauses, maxAssociationsPerAddress, Duration.ofMillis(maxRegistrationLife),
                maxHrRate, maxEuRate, new HandlespaceLimits(maxPools, maxPoolElements, maxPoolElementsPerAssociation,
                        fixed));
    }

    private EnrpConfig enrpConfig(Cli cli, String chosenTransport) {
        int enrpPort = loadedCredentials.isPresent() ? CredentialsOption.ENRP_TLS_PORT : EnrpConfig.ENRP_PORT;
        List<InetSocketAddress> endpoint = enrp == null
                ? List.of(new InetSocketAddress("tcp".equals(chosenTransport) ? enrpPort : 0))
                : cli.addresses("--enrp", enrp, enrpPort);
        Optional<InetSocketAddress> announce = switch (enrpAnnounce) {
            case "off" -> Optional.empty();
            case "auto" -> Optional.of(EnrpConfig.PRESENCE_GROUP);
            default -> Optional.of(cli.address("--enrp-announce", enrpAnnounce, EnrpConfig.ENRP_PORT));
        };
        if (announce.isPresent() && !announce.get().getAddress().isMulticastAddress()) {
            throw cli.bad("--enrp-announce", announce.get() + " is not a multicast group (use auto, off or e.g. "
                    + "239.0.0.51:9901)");
        }
        cli.range("--peer-heartbeat-cycle", peerHeartbeatCycle, 100, 300_000);
        cli.range("--peer-max-time-last-heard", peerMaxTimeLastHeard, 100, 300_000);
        cli.range("--peer-max-time-no-response", peerMaxTimeNoResponse, 100, 60_000);
        cli.range("--mentor-discovery-timeout", mentorDiscoveryTimeout, 100, 60_000);
        cli.range("--takeover-expiry-interval", takeoverExpiryInterval, 100, 60_000);
        cli.range("--max-elements-per-ht-request", maxElementsPerHtRequest, 1, Integer.MAX_VALUE);
        cli.range("--max-enrp-peers", maxEnrpPeers, 1, 65_535);
        cli.range("--max-pes-per-peer", maxPesPerPeer, 1, Integer.MAX_VALUE);
        EnrpConfig defaults = EnrpConfig.defaults(endpoint, announce,
                cli.addressLists("--peer", peers, enrpPort));
        return (enrp == null ? defaults.withAnyPortIfBusy() : defaults)
                .withTimers(Duration.ofMillis(peerHeartbeatCycle), Duration.ofMillis(peerMaxTimeLastHeard),
                        Duration.ofMillis(peerMaxTimeNoResponse), Duration.ofMillis(mentorDiscoveryTimeout),
                        Duration.ofMillis(takeoverExpiryInterval))
                .withMaxElementsPerHandleTableResponse(maxElementsPerHtRequest)
                .withLimits(maxEnrpPeers, maxPesPerPeer, Duration.ofMillis(maxRegistrationLife));
    }
}
