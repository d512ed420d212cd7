package org.raypool.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusHttpServerTest {
    record Pool(String handle, List<Integer> elements) {}

    private static HttpResponse<String> get(StatusHttpServer server, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesRoutesComputedPerRequestAndSaysWhatIsWrong() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (StatusHttpServer server = StatusHttpServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test")) {
            server.json("/status.json", () -> new Pool("p" + asked.incrementAndGet(), List.of(1, 2)))
                    .text("/fail", "text/plain", () -> {
                        throw new IllegalStateException("the loop is stopping");
                    });
            HttpResponse<String> first = get(server, "GET", "/status.json");
            assertEquals(200, first.statusCode());
            assertEquals("application/json; charset=utf-8", first.headers().firstValue("Content-Type").orElse(""));
            assertTrue(first.body().replaceAll("\\s", "").equals("{\"handle\":\"p1\",\"elements\":[1,2]}"), first.body());
            assertTrue(get(server, "GET", "/status.json").body().contains("\"p2\""), "computed per request");
            assertEquals(404, get(server, "GET", "/nothing").statusCode());
            assertEquals(405, get(server, "POST", "/status.json").statusCode());
            HttpResponse<String> failed = get(server, "GET", "/fail");
            assertEquals(503, failed.statusCode());
            assertTrue(failed.body().contains("the loop is stopping"));
        }
    }

    @Test
    void prometheusTextHasHelpTypeAndCumulativeBuckets() {
        LatencyHistogram h = new LatencyHistogram(List.of(0.001, 0.01));
        h.record(500_000);
        h.record(5_000_000);
        h.record(2_000_000_000L);
        Map<String, Long> byResult = new TreeMap<>(Map.of("accepted", 3L, "rejected", 1L));
        String text = new PrometheusText()
                .counter("x_total", "Things.", 7)
                .counter("r_total", "Results.", "result", byResult)
                .gauge("g", "Sizes.", "pool", Map.of("Scripting\"Pool", 2))
                .histogram("lat_seconds", "Latency.", h.snapshot()).toString();
        assertEquals("""
                # HELP x_total Things.
                # TYPE x_total counter
                x_total 7
                # HELP r_total Results.
                # TYPE r_total counter
                r_total{result="accepted"} 3
                r_total{result="rejected"} 1
                # HELP g Sizes.
                # TYPE g gauge
                g{pool="Scripting\\"Pool"} 2
                # HELP lat_seconds Latency.
                # TYPE lat_seconds histogram
                lat_seconds_bucket{le="0.001"} 1
                lat_seconds_bucket{le="0.01"} 2
                lat_seconds_bucket{le="+Inf"} 3
                lat_seconds_sum 2.0055
                lat_seconds_count 3
                """, text);
    }
}
