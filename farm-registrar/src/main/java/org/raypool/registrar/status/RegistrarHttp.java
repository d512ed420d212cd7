package org.raypool.registrar.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.raypool.cli.http.PrometheusText;
import org.raypool.cli.http.StatusHttpServer;

/**
 * The registrar's HTTP side: {@code /} the live status page (it fetches {@code /status.json} every second),
 * {@code /status.json} a {@link RegistrarSnapshot}, {@code /metrics} Prometheus text. Every answer is a fresh
 * snapshot taken on the event loop.
 */
public final class RegistrarHttp {
    private RegistrarHttp() {
    }

    public static StatusHttpServer start(InetSocketAddress address, RegistrarStatus status) throws IOException {
        StatusHttpServer server = StatusHttpServer.start(address, String.format("registrar-0x%08x",
                status.identifier()));
        return server.bytes("/", "text/html; charset=utf-8", page())
                .json("/status.json", status::snapshot)
                .text("/metrics", PrometheusText.CONTENT_TYPE, () -> status.metrics().prometheus(status.snapshot()));
    }

    private static byte[] page() {
        try (InputStream in = RegistrarHttp.class.getResourceAsStream("status.html")) {
            if (in == null) throw new IllegalStateException("status.html is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
