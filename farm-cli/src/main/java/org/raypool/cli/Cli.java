package org.raypool.cli;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.raypool.Logging;
import org.raypool.Version;
import org.raypool.asap.AddressScope;
import org.raypool.transport.AddressSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command-line plumbing farm-registrar, farm-worker and farm-submit share: the one-line usage error, the
 * {@code --version} line, and option checks that turn a bad value into a {@link ParameterException} naming the
 * option ("Invalid value for option '--x': why"). The options themselves stay in each program's Main.
 */
public final class Cli {
    private final CommandSpec spec;

    /** Checks for the options of the command {@code spec} describes (its {@code @Spec}). */
    public Cli(CommandSpec spec) {
        this.spec = spec;
    }

    /** The command line of {@code command}, with {@link #usageError} for mistakes. */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setParameterExceptionHandler(Cli::usageError);
    }

    /** A user mistake gets one line naming it and where to look, never the whole usage or a stack trace. */
    public static int usageError(ParameterException e, String[] args) {
        String program = e.getCommandLine().getCommandSpec().qualifiedName();
        e.getCommandLine().getErr().println(program + ": " + e.getMessage());
        e.getCommandLine().getErr().println("Try '" + program + " --help' for the options.");
        return 2;
    }

    /** {@code --version}: "PROGRAM VERSION", the program being the command's name. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public String[] getVersion() {
            return new String[] {spec.name() + " " + Version.get()};
        }
    }

    /** A mistake in the command line as a whole, not in one option. */
    public ParameterException error(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A bad value of {@code option}, and why. */
    public ParameterException bad(String option, String why) {
        return error("Invalid value for option '" + option + "': " + why);
    }

    /** {@code value} must be in {@code min..max}; a max from Integer.MAX_VALUE up is shown as open. */
    public void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(option, value + " is outside " + min + ".." + (max >= Integer.MAX_VALUE ? "" : max));
        }
    }

    /** The parser's result; its IllegalArgumentException becomes a bad value of {@code option}. */
    public <T> T parse(Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw bad(option, e.getMessage());
        }
    }

    /** Configures logging at {@code level}; an unknown level is a bad value of {@code option}. */
    public void logLevel(String option, String level) {
        parse(() -> {
            Logging.configure(level);
            return level;
        }, option);
    }

    /** {@code transport} must be auto, sctp or tcp. */
    public void transport(String option, String transport) {
        if (!List.of("auto", "sctp", "tcp").contains(transport)) {
            throw bad(option, "'" + transport + "' is not one of auto, sctp, tcp");
        }
    }

    /** HOST:PORT[,HOST...] (see {@link AddressSpec}), {@code defaultPort} where the text gives none. */
    public List<InetSocketAddress> addresses(String option, String text, int defaultPort) {
        return parse(() -> AddressSpec.parse(text, defaultPort), option);
    }

    /** A repeatable HOST:PORT[,HOST...] option, one address list per occurrence. */
    public List<List<InetSocketAddress>> addressLists(String option, List<String> texts, int defaultPort) {
        List<List<InetSocketAddress>> lists = new ArrayList<>();
        for (String text : texts) {
            lists.add(addresses(option, text, defaultPort));
        }
        return lists;
    }

    /** An ADDR:PORT, as the first address of {@link #addresses}. */
    public InetSocketAddress address(String option, String text, int defaultPort) {
        return addresses(option, text, defaultPort).get(0);
    }

    /** loopback, site-local or global. */
    public AddressScope addressScope(String option, String text) {
        return parse(() -> AddressScope.parse(text), option);
    }

    /** An identifier (registrar, PE): 0x... or decimal, 1..0xffffffff. */
    public int identifier(String option, String text) {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v <= 0 || v > 0xFFFF_FFFFL) {
                throw bad(option, "'" + text + "' is not in 1..0xffffffff");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw bad(option, "'" + text + "' is not a number (write 0x1234abcd or 305441741)");
        }
    }

    /** A random non-zero identifier, for when none is given. */
    public static int randomIdentifier() {
        SecureRandom random = new SecureRandom();
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }
}
