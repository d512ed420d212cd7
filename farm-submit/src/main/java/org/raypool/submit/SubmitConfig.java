package org.raypool.submit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.raypool.asap.AsapClientConfig;
import org.raypool.submit.dispatch.RetryPolicy;
import org.raypool.submit.pack.RenderJob;
import org.raypool.transport.tls.Credentials;
import org.raypool.submit.plan.BandCount;
import org.raypool.submit.pack.PackageSettings;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.session.SessionTimers;

/**
 * Everything a batch is told; {@link SubmitMain} is the only place that builds one from the command line.
 *
 * @param jobs       one job per output file (a still, or a frame of an animation), in command-line order
 * @param warnings   what planning tells the user once (INI settings the farm overrides)
 * @param packaging  how work packages are built (include paths)
 * @param parallel   at most this many sessions at once; empty = as many as the pool has free slots
 * @param waitForWorkers how long to wait while the pool has no worker (--wait); empty = until Ctrl-C
 * @param asap       how to find registrars
 * @param transport  "auto", "sctp" or "tcp" for the registrar association
 * @param bands      --bands; with {@code auto} the jobs are whole frames, planned into bands by {@link AutoBands}
 * @param wholeOnly  why a whole frame of {@code jobs} must not be split (docs/bands.md), for those that must not
 * @param maxResultHeaderBytes the largest headers of one entry of a result archive (--max-result-header)
 */
public record SubmitConfig(
        List<RenderJob> jobs,
        List<String> warnings,
        RenderOptions options,
        PackageSettings packaging,
        Path output,
        OptionalInt parallel,
        AsapClientConfig asap,
        String transport,
        String pool,
        RetryPolicy retry,
        SessionTimers timers,
        boolean force,
        boolean json,
        boolean quiet,
        Optional<java.time.Duration> waitForWorkers,
        BandCount bands,
        Map<RenderJob, String> wholeOnly,
        long maxResultHeaderBytes,
        Optional<Credentials> credentials) {

    public SubmitConfig {
        jobs = List.copyOf(jobs);
        warnings = List.copyOf(warnings);
        wholeOnly = Map.copyOf(wholeOnly);
    }

    /** Where registrars are looked for, for messages. */
    public String registrarsDescription() {
        if (!asap.registrars().isEmpty()) {
            return asap.registrars().stream().map(SubmitConfig::endpoint).reduce((a, b) -> a + ", " + b).orElse("");
        }
        return "announces on " + asap.announceGroup().map(SubmitConfig::address).orElse("?");
    }

    private static String endpoint(List<InetSocketAddress> addresses) {
        return addresses.stream().map(SubmitConfig::address).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String address(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
