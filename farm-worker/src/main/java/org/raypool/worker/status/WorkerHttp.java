package org.raypool.worker.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.raypool.cli.http.PrometheusText;
import org.raypool.cli.http.StatusHttpServer;

/** The worker's {@code --http}: {@code /status.json} (a {@link WorkerSnapshot}) and {@code /metrics}. */
public final class WorkerHttp {
    private WorkerHttp() {
    }

    public static StatusHttpServer start(InetSocketAddress address, WorkerStatus status) throws IOException {
        StatusHttpServer server = StatusHttpServer.start(address, String.format("pe-0x%08x", status.identifier()));
        return server.json("/status.json", status::snapshot)
                .json("/", status::snapshot)
                .text("/metrics", PrometheusText.CONTENT_TYPE, () -> metrics(status.snapshot()));
    }

    static String metrics(WorkerSnapshot s) {
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (String state : new String[] {"upload", "working", "download"}) byState.put(state, 0);
        s.sessions().forEach(x -> byState.merge(x.state(), 1, Integer::sum));
        PrometheusText text = new PrometheusText()
                .gauge("raypool_worker_sessions", "Sessions now, by state.", "state", byState)
                .gauge("raypool_worker_max_sessions", "Sessions served at once.", s.maxSessions())
                .counter("raypool_worker_sessions_ended_total", "Sessions ended since the start.", s.endedSessions())
                .gauge("raypool_worker_serving", "1 while it takes new sessions.", s.serving() ? 1 : 0)
                .gauge("raypool_worker_registered", "1 while registered as pool element.", s.registered() ? 1 : 0)
                .gauge("raypool_worker_can_run_jobs", "0 while its self-check fails and it stays out of the pool.",
                        s.jobs().canRun() ? 1 : 0)
                .gauge("raypool_worker_cache_entries", "Environments in the cache.", s.cache().entries())
                .gauge("raypool_worker_cache_bytes", "Bytes of cached environments.", s.cache().bytes());
        if (s.load() != null) text.gauge("raypool_worker_load", "Registered load, 0..1.", s.load());
        return text.toString();
    }
}
