package org.raypool.registrar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.raypool.Logging;
import org.raypool.Version;
import org.raypool.asap.AddressScope;
import org.raypool.transport.AddressSpec;
import org.raypool.transport.Transports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of farm-registrar: GNU-style spellings of RSPLIB's rspregistrar options (spec registrar §9)
 * with RSPLIB's defaults. This class is the only place that parses options; the registrar gets a
 * {@link RegistrarConfig}.
 */
@Command(name = "farm-registrar", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = RegistrarMain.VersionProvider.class,
        description = "The RSerPool registrar (PR) of a RayPool farm: ASAP server for workers and clients, "
                + "ENRP peer of the other registrars.")
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

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|sctp|tcp",
            description = "auto = SCTP where the kernel has it, else TCP. Default: ${DEFAULT-VALUE}.")
    String transport;

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

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RegistrarMain()).setParameterExceptionHandler(RegistrarMain::usageError);
    }

    @Override
    public Integer call() throws InterruptedException {
        RegistrarConfig config = config();
        Registrar registrar;
        try {
            registrar = Registrar.start(config);
        } catch (IOException | IllegalStateException e) {
            spec.commandLine().getErr().println("farm-registrar: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registrar.close();
            stopped.countDown();
            // A stop on SIGTERM is the normal end of a service, not a failure: exit 0 rather than 143.
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** Validates every option; a bad one ends in a ParameterException that picocli prints with the usage hint. */
    RegistrarConfig config() {
        parse(() -> { Logging.configure(logLevel); return logLevel; }, "--log-level");
        int identifier = id == null ? randomIdentifier() : parseIdentifier(id);
        if (!List.of("auto", "sctp", "tcp").contains(transport)) {
            throw bad("--transport", "'" + transport + "' is not one of auto, sctp, tcp");
        }
        String chosen = parse(() -> {
            try {
                return Transports.forName(transport).name();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, "--transport");
        List<InetSocketAddress> endpoint = asap == null
                ? List.of(new InetSocketAddress("tcp".equals(chosen) ? RegistrarConfig.ASAP_PORT : 0))
                : parse(() -> AddressSpec.parse(asap, RegistrarConfig.ASAP_PORT), "--asap");
        Optional<InetSocketAddress> announce = switch (asapAnnounce) {
            case "off" -> Optional.empty();
            case "auto" -> Optional.of(RegistrarConfig.ASAP_ANNOUNCE_GROUP);
            default -> Optional.of(parse(() -> AddressSpec.parse(asapAnnounce, RegistrarConfig.ASAP_PORT), "--asap-announce").get(0));
        };
        range("--announce-ttl", announceTtl, 1, 255);
        range("--server-announce-cycle", serverAnnounceCycle, 100, 60_000);
        range("--keep-alive-interval", keepAliveInterval, 300, 300_000);
        range("--keep-alive-timeout", keepAliveTimeout, 100, 60_000);
        range("--max-hres-items", maxHresItems, 1, 128);
        range("--max-bad-pe-reports", maxBadPeReports, 1, Integer.MAX_VALUE);
        range("--max-increment", maxIncrement, 0, Integer.MAX_VALUE);
        AddressScope scope = parse(() -> AddressScope.parse(minAddressScope), "--min-address-scope");
        return new RegistrarConfig(identifier, chosen, endpoint, announce, Optional.ofNullable(announceInterface),
                announceTtl, Duration.ofMillis(serverAnnounceCycle), scope, maxHresItems, maxBadPeReports,
                maxIncrement, Duration.ofMillis(keepAliveInterval), Duration.ofMillis(keepAliveTimeout));
    }

    private int parseIdentifier(String text) {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v <= 0 || v > 0xFFFF_FFFFL) throw bad("--id", "'" + text + "' is not in 1..0xffffffff");
            return (int) v;
        } catch (NumberFormatException e) {
            throw bad("--id", "'" + text + "' is not a number (write 0x1234abcd or 305441741)");
        }
    }

    private static int randomIdentifier() {
        SecureRandom random = new SecureRandom();
        int v;
        do v = random.nextInt(); while (v == 0);
        return v;
    }

    private void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(option, value + " is outside " + min + ".." + (max == Integer.MAX_VALUE ? "" : max));
        }
    }

    private <T> T parse(java.util.function.Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw bad(option, e.getMessage());
        }
    }

    private CommandLine.ParameterException bad(String option, String why) {
        return new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }

    /** A user mistake gets one line naming it and where to look, never the whole usage or a stack trace. */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        e.getCommandLine().getErr().println("farm-registrar: " + e.getMessage());
        e.getCommandLine().getErr().println("Try 'farm-registrar --help' for the options.");
        return 2;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"farm-registrar " + Version.get()};
        }
    }
}
