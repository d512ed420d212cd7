package org.raypool.submit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.raypool.asap.AsapClientConfig;
import org.raypool.cli.Cli;
import org.raypool.cli.CredentialsOption;
import org.raypool.transport.tls.Credentials;
import org.raypool.cli.CspOption;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.submit.status.SubmitCsp;
import org.raypool.submit.dispatch.RetryPolicy;
import org.raypool.submit.output.OutputCollector;
import org.raypool.submit.output.ResultArchive;
import org.raypool.submit.pack.Antialias;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.pack.IniFile;
import org.raypool.submit.pack.PackageSettings;
import org.raypool.submit.pack.PovrayIncludePath;
import org.raypool.submit.plan.BandCount;
import org.raypool.submit.plan.FrameRange;
import org.raypool.submit.plan.PlanException;
import org.raypool.submit.plan.ScenePlanner;
import org.raypool.submit.session.SessionTimers;
import org.raypool.wire.param.PoolHandle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of farm-submit: GNU-style spellings of RSPLIB's scriptingclient options
 * (docs/protocol/scripting-service.md §7.2) with RSPLIB's defaults where it has one. This class is the only place that
 * parses options; the batch gets a {@link SubmitConfig}.
 */
@Command(name = "farm-submit", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Cli.VersionProvider.class,
        description = {"Renders POV-Ray scenes, INI files and animations on a RayPool farm and collects the images as "
                + "OUTPUT/<name>-<width>-<height>[-<frame>].<ext> (POV-Ray's file type and extension), with index.html "
                + "as a contact sheet.",
                "An output already rendered from the same inputs (scene, includes, INI, options, size, frame) is "
                        + "skipped, so a run stopped with Ctrl-C resumes; a failed render's POV-Ray log is kept as "
                        + "<output name>.log.",
                "Exit code: 0 if every scene's image is there, 1 if not, 2 for a usage mistake, 3 when --wait ran out "
                        + "with no worker in the pool (images rendered so far are kept)."})
public final class SubmitMain implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = {".pov scenes, .ini files (POV-Ray reads them on the worker; anim.ini[Section] for one "
                    + "section), folders whose .pov files to render, and POV-Ray switches starting with + (e.g. +W640 "
                    + "+H480 +KFI1 +KFF120 +FT +Q9), applied to every input after its INI file."})
    List<String> arguments = new ArrayList<>();

    @Option(names = "--size", paramLabel = "WxH",
            description = "Image size, e.g. 1024x768 (the same as +W1024 +H768). Default: Width and Height of the INI "
                    + "file, the scene folder's povray.ini, or this machine's povray.ini.")
    String size;

    @Option(names = "--frames", paramLabel = "A-B",
            description = "Frames to render: of an animation (INI file or +KFI/+KFF), only frames A..B, with the whole "
                    + "animation's clock; of a scene that is not animated, frames A..B with the clock running 0..1 "
                    + "(as +KFIA +KFFB).")
    String frames;

    @Option(names = "--include-path", paramLabel = "DIR",
            description = "A further folder to find include files, maps and fonts in, as POV-Ray's +L (repeatable); "
                    + "files the scene uses from it travel in the work package.")
    List<Path> includePaths = new ArrayList<>();

    @Option(names = "--antialias", paramLabel = "THRESHOLD|off",
            description = "Antialiasing threshold (0 < t <= 3), or off. Default: 0.3 for a .pov scene whose povray.ini "
                    + "sets none; an INI file's own setting (POV-Ray's default: off) for an INI input.")
    String antialias;

    @Option(names = "--bands", paramLabel = "N|auto",
            description = "Cut every frame into N bands of whole 32-row blocks (+SR/+ER), each a job of its own, "
                    + "stitched into the frame's file; a scene whose bands would differ from the whole frame (radiosity, "
                    + "jittered area lights or media) or a format that cannot be stitched is rendered whole, saying why "
                    + "(docs/bands.md). 'auto' (recommended) estimates each frame's cost (the output folder's manifest, else a "
                    + "small preview render on the farm) and splits only the frames whose bands end the batch sooner "
                    + "(docs/bands-auto.md). Default: 1 (whole frames).")
    String bands;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "output",
            description = "Folder for the images, logs and index.html. Default: ${DEFAULT-VALUE} (in the current folder).")
    Path output;

    @Option(names = "--parallel", paramLabel = "N",
            description = "At most N sessions at once. Default: no limit but the pool's: one session per free slot "
                    + "of its workers (their registrations tell how many sessions each takes and runs).")
    Integer parallel;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "How long to wait for a worker while the pool has none (e.g. 90s, 5m, 1h; plain number = "
                    + "seconds), then stop with exit code 3. Default: wait until Ctrl-C, with a reminder every minute.")
    String waitFor;

    @Option(names = "--registrar", paramLabel = "HOST:PORT[,HOST...]",
            description = "A registrar to ask (repeatable). Default: registrars heard announcing on --asap-announce.")
    List<String> registrars = new ArrayList<>();

    @Option(names = "--asap-announce", paramLabel = "ADDR:PORT|auto|off", defaultValue = "auto",
            description = "Multicast group where registrars announce themselves, used without --registrar; "
                    + "auto = 239.0.0.50:3863, off = --registrar only. Default: ${DEFAULT-VALUE}.")
    String asapAnnounce;

    @Option(names = "--announce-interface", paramLabel = "NAME",
            description = "Network interface to hear announces on (e.g. eth0). Default: every multicast-capable one.")
    String announceInterface;

    @Option(names = "--transport", paramLabel = "auto|sctp|tcp", defaultValue = "auto",
            description = "Transport to the registrar; auto = SCTP where the kernel has it, else TCP. Sessions use "
                    + "whatever transport each worker registered. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Mixin
    CredentialsOption credentials;

    @Option(names = "--pool", paramLabel = "HANDLE", defaultValue = "ScriptingPool",
            description = "Pool handle of the workers. Default: ${DEFAULT-VALUE}.")
    String pool;

    @Option(names = "--max-retry", paramLabel = "N", defaultValue = "" + RetryPolicy.DEFAULT_MAX_RETRY,
            description = "How often a scene that fails by itself (POV-Ray error, non-zero exit) is tried again, on "
                    + "another worker if there is one, before it is reported failed. Lost or busy workers are "
                    + "retried without limit. Default: ${DEFAULT-VALUE} (at most two runs, as RSPLIB's -maxretry=3).")
    int maxRetry;

    @Option(names = "--retry-delay", paramLabel = "MS", defaultValue = "10000",
            description = "Wait before the first retry of a scene in ms (at least 100); it doubles with every further "
                    + "failure of that scene, up to 60 s, randomised by +-12.5%%. Default: ${DEFAULT-VALUE}.")
    long retryDelay;

    @Option(names = "--povray-option", paramLabel = "SWITCH",
            description = "A POV-Ray switch for every render, as the +switches among the inputs (repeatable); needed "
                    + "for a switch starting with -: --povray-option=-J.")
    List<String> povrayOptions = new ArrayList<>();

    @Option(names = "--force", description = "Render everything again, also outputs already rendered from the same "
            + "inputs.")
    boolean force;

    @Option(names = "--json", description = "Print a machine-readable summary (JSON) on standard output instead of "
            + "the table.")
    boolean json;

    @Option(names = "--quiet", description = "No progress and no table; only errors (and --json if given).")
    boolean quiet;

    @Option(names = "--keep-alive-interval", paramLabel = "MS", defaultValue = "" + SessionTimers.DEFAULT_KEEP_ALIVE_INTERVAL_MS,
            description = "Keep-Alive to the worker this long after the last Ack, in ms. Default: ${DEFAULT-VALUE} "
                    + "(RSPLIB's scriptingclient: 10000); a worker cut off without a reset is given up within "
                    + "interval + timeout.")
    long keepAliveInterval;

    @Option(names = "--keep-alive-timeout", paramLabel = "MS", defaultValue = "" + SessionTimers.DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
            description = "Give a worker up when a Keep-Alive is not answered within this many ms. "
                    + "Default: ${DEFAULT-VALUE} (RSPLIB's scriptingclient: 10000).")
    long keepAliveTimeout;

    @Option(names = "--transmit-timeout", paramLabel = "MS", defaultValue = "59500",
            description = "Longest time one upload message may take to send, in ms. Default: ${DEFAULT-VALUE}.")
    long transmitTimeout;

    @Option(names = "--max-result-header", paramLabel = "BYTES", defaultValue = "" + ResultArchive.DEFAULT_MAX_HEADER_BYTES,
            description = "Largest headers (long names, PAX records) of one entry of a worker's result archive; a "
                    + "worker whose archive has larger ones gets no further job of the batch. (A result download "
                    + "itself is bounded by the largest archive the job can produce.) Default: ${DEFAULT-VALUE}.")
    long maxResultHeader;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "error, warn, info, debug or trace (logs go to standard error). Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Mixin
    CspOption csp;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        SubmitMain main = new SubmitMain(System.out, System.err, System.console() != null);
        int code = commandLine(main).execute(args);
        if (!main.shuttingDown) System.exit(code);
    }

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private volatile boolean shuttingDown;

    SubmitMain(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs farm-submit in this JVM with the given streams (no System.exit): for tests. */
    static int execute(PrintStream out, PrintStream err, String... args) {
        SubmitMain main = new SubmitMain(out, err, false);
        CommandLine cl = commandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static CommandLine commandLine(SubmitMain main) {
        return Cli.commandLine(main);
    }

    @Override
    public Integer call() {
        SubmitConfig config = config();
        Optional<CspConfig> cspConfig = csp.config(new Cli(spec));
        credentials.logMode(config.credentials());
        Submission submission = new Submission(config, out, err, terminal);
        CspReporter reporter = null;
        if (cspConfig.isPresent()) {
            try {
                reporter = SubmitCsp.start(cspConfig.get(), SubmitCsp.randomId(),
                        config.credentials().isPresent() ? "tcp"
                                : org.raypool.transport.Transports.forName(config.transport()).name(), submission::snapshot);
            } catch (IOException | IllegalStateException e) {
                err.println("farm-submit: no status reports to " + cspConfig.get().server() + ": " + e.getMessage());
            }
        }
        CspReporter finalReporter = reporter;
        Thread hook = new Thread(() -> {
            shuttingDown = true;
            submission.interrupt();
            if (finalReporter != null) finalReporter.close();
        }, "ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = submission.run();
        if (reporter != null) reporter.close();
        if (!shuttingDown) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                shuttingDown = true;
            }
        }
        return code;
    }

    /** Validates every option and the scenes; a bad one ends in a ParameterException with a one-line message. */
    SubmitConfig config() {
        Cli cli = new Cli(spec);
        cli.logLevel("--log-level", logLevel);
        Optional<ImageSize> givenSize = size == null ? Optional.empty() : Optional.of(cli.parse(() -> ImageSize.parse(size), "--size"));
        Optional<FrameRange> frameRange = frames == null ? Optional.empty()
                : Optional.of(cli.parse(() -> FrameRange.parse(frames), "--frames"));
        List<String> inputs = new ArrayList<>();
        List<String> switches = new ArrayList<>(povrayOptions);
        for (String argument : arguments) {
            if (argument.startsWith("+")) switches.add(argument);
            else inputs.add(argument);
        }
        RenderOptions options = cli.parse(() -> RenderOptions.defaults().withPovrayOptions(switches), "POV-Ray switch");
        if (antialias != null) {
            Antialias aa = cli.parse(() -> parseAntialias(antialias), "--antialias");
            List<String> withAa = new ArrayList<>(switches);
            withAa.add(aa.povrayOption());
            options = options.withPovrayOptions(withAa);
        }
        for (Path dir : includePaths) {
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw cli.bad("--include-path", dir + " is not a folder; give an existing folder");
            }
        }
        if (parallel != null) cli.range("--parallel", parallel, 1, 1024);
        BandCount bandCount = bands == null ? BandCount.ONE : cli.parse(() -> BandCount.parse(bands), "--bands");
        cli.range("--max-retry", maxRetry, 0, 1000);
        cli.range("--retry-delay", retryDelay, RetryPolicy.MIN_RETRY_DELAY.toMillis(), 3_600_000);
        cli.range("--keep-alive-interval", keepAliveInterval, 100, 3_600_000);
        cli.range("--keep-alive-timeout", keepAliveTimeout, 100, 3_600_000);
        cli.range("--transmit-timeout", transmitTimeout, 100, 3_600_000);
        cli.range("--max-result-header", maxResultHeader, 4096, 1L << 30);
        Optional<Duration> waitBound = waitFor == null ? Optional.empty()
                : Optional.of(cli.parse(() -> parseWait(waitFor), "--wait"));
        cli.transport("--transport", transport);
        Optional<Credentials> loaded = credentials.load(cli, transport);
        // the authenticated farm's registrars serve ASAP over TLS on port 3864 (docs/security.md)
        int asapPort = loaded.isPresent() ? CredentialsOption.ASAP_TLS_PORT : 3863;
        cli.parse(() -> PoolHandle.fromString(pool), "--pool");
        AsapClientConfig asap;
        if (!registrars.isEmpty()) {
            asap = AsapClientConfig.withRegistrars(cli.addressLists("--registrar", registrars, asapPort));
        } else if (asapAnnounce.equals("off")) {
            throw cli.bad("--asap-announce", "announces are off and no --registrar was given: name a registrar with "
                    + "--registrar HOST:PORT");
        } else {
            InetSocketAddress group = asapAnnounce.equals("auto") ? AsapClientConfig.ANNOUNCE_GROUP
                    : cli.address("--asap-announce", asapAnnounce, 3863);
            if (!group.getAddress().isMulticastAddress()) {
                throw cli.bad("--asap-announce", group.getAddress().getHostAddress() + " is not a multicast address "
                        + "(to name a registrar directly, use --registrar HOST:PORT)");
            }
            asap = AsapClientConfig.withAnnounces(group, Optional.ofNullable(announceInterface));
        }
        if (inputs.isEmpty()) {
            throw cli.error("no scene given: name .pov or .ini files or folders, "
                    + "e.g. farm-submit --size 1024x768 scenes/*.pov");
        }
        ScenePlanner.Plan plan;
        try {
            plan = new ScenePlanner(new ScenePlanner.Request(PovrayIncludePath.systemIni(), options, givenSize,
                    frameRange, antialias != null, bandCount.perFrame())).plan(SceneInputs.expand(inputs));
            Map<String, Path> outputs = SceneInputs.outputs();
            for (RenderJob job : plan.jobs()) {
                SceneInputs.checkDistinctOutputs(outputs, job.outputFileName(), job.ini().map(IniFile::path).orElse(job.scene()));
            }
        } catch (SceneInputs.InputException | PlanException | IllegalArgumentException e) {
            throw cli.error(e.getMessage());
        }
        List<RenderJob> jobs = plan.jobs();
        return new SubmitConfig(jobs, plan.warnings(), options, PackageSettings.defaults().withIncludePaths(includePaths), output, parallel == null ? OptionalInt.empty() : OptionalInt.of(parallel),
                asap, transport, pool, RetryPolicy.of(maxRetry, Duration.ofMillis(retryDelay)),
                new SessionTimers(Duration.ofMillis(keepAliveInterval), Duration.ofMillis(keepAliveTimeout),
                        Duration.ofMillis(transmitTimeout), SessionTimers.DEFAULTS.connectTimeout()),
                force, json, quiet, waitBound, bandCount, plan.wholeOnly(), maxResultHeader, loaded);
    }

    /** "90", "90s", "500ms", "5m", "1h": a positive duration; a plain number is seconds. */
    static Duration parseWait(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    static Antialias parseAntialias(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off") || t.equals("0")) return Antialias.off();
        double threshold;
        try {
            threshold = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a threshold like 0.3 nor 'off'");
        }
        return Antialias.threshold(threshold);
    }
}
