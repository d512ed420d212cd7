package org.raypool.registrar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.cli.http.StatusHttpServer;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.transport.Transports;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.ComponentStatusReport;
import org.raypool.wire.csp.CspCodec;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** The registrar's status over HTTP and CSP, from a real registrar with a real PE registered over TCP. */
class RegistrarStatusTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private Registrar registrar;
    private AsapClientConfig client;

    @BeforeEach
    void start() throws Exception {
        registrar = Registrar.start(TestRegistrars.config(0x5a7a7001));
        client = TestRegistrars.client(registrar);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        registrar.close();
    }

    private PoolElementRegistration register(int id, PoolMemberSelectionPolicy policy) throws Exception {
        PoolElementRegistration pe = new PoolElementRegistration(client, Transports.forName("tcp"), POOL, id,
                local -> new TcpTransport(40001, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()), policy,
                Duration.ofSeconds(30));
        closeLater.add(pe);
        pe.register(WAIT);
        return pe;
    }

    private static String get(StatusHttpServer server, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.address().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void snapshotShowsPoolsAndElementsAndIsRefusedOnTheLoop() throws Exception {
        register(0x1001, PoolMemberSelectionPolicy.leastUsed(PoolMemberSelectionPolicy.fraction(0.5)));
        RegistrarSnapshot s = registrar.status().snapshot();
        assertEquals("0x5a7a7001", s.registrar());
        assertEquals(1, s.pools().size());
        RegistrarSnapshot.PoolStatus pool = s.pools().get(0);
        assertEquals("ScriptingPool", pool.handle());
        assertEquals("LeastUsed", pool.policy());
        RegistrarSnapshot.ElementStatus pe = pool.elements().get(0);
        assertEquals("0x00001001", pe.id());
        assertEquals("127.0.0.1:40001", pe.address());
        assertEquals(0.5, pe.load(), 1e-6);
        assertEquals("0x5a7a7001", pe.home());
        assertTrue(pe.owned());
        assertNull(pe.sessions(), "ASAP does not carry sessions");
        assertNotNull(pe.lastKeepAliveMs(), "a registration counts as a sign of life");
        assertEquals(List.of(), s.peers(), "this registrar runs without ENRP");
        assertEquals("1[1] PEs in 1 Pool, 0 Peers", s.cspText());
        CompletableFuture<String> onLoop = new CompletableFuture<>();
        registrar.status().loop().execute(() -> {
            try {
                registrar.status().snapshot();
                onLoop.complete("taken");
            } catch (IllegalStateException e) {
                onLoop.complete(e.getMessage());
            }
        });
        assertTrue(onLoop.get().contains("outside the event loop"), "on the loop a snapshot would wait for itself");
    }

    @Test
    void httpServesJsonMetricsAndThePage() throws Exception {
        register(0x1001, PoolMemberSelectionPolicy.roundRobin());
        register(0x1002, PoolMemberSelectionPolicy.roundRobin());
        try (HandleResolver resolver = new HandleResolver(client, Transports.forName("tcp"), Duration.ZERO)) {
            resolver.resolve(POOL, 1, WAIT);
        }
        try (StatusHttpServer server = RegistrarHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                registrar.status())) {
            JsonNode json = new ObjectMapper().readTree(get(server, "/status.json"));
            assertEquals("RoundRobin", json.at("/pools/0/policy").asText());
            assertEquals("0x00001002", json.at("/pools/0/elements/1/id").asText());
            assertTrue(json.at("/pools/0/elements/0/load").isNull(), "RoundRobin has no load");
            assertTrue(json.at("/peers").isArray());
            String metrics = get(server, "/metrics");
            assertTrue(metrics.contains("raypool_registrar_registrations_total{result=\"accepted\"} 2\n"), metrics);
            assertTrue(metrics.contains("raypool_registrar_handle_resolutions_total{result=\"found\"} 1\n"), metrics);
            assertTrue(metrics.contains("raypool_registrar_pool_elements{pool=\"ScriptingPool\"} 2\n"), metrics);
            assertTrue(metrics.contains("raypool_registrar_takeovers_total 0\n"), metrics);
            java.util.regex.Matcher count = java.util.regex.Pattern.compile(
                    "raypool_registrar_request_duration_seconds_count (\\d+)\n").matcher(metrics);
            assertTrue(count.find() && Long.parseLong(count.group(1)) >= 3,
                    "two registrations and a resolution at least: " + metrics);
            assertTrue(metrics.contains("raypool_registrar_request_duration_seconds_bucket{le=\"0.00005\"}"), metrics);
            String page = get(server, "/");
            assertTrue(page.contains("status.json") && page.contains("setInterval"), "the page refreshes itself");
        }
    }

    @Test
    void cspReportsTheRegistrar() throws Exception {
        register(0x1001, PoolMemberSelectionPolicy.roundRobin());
        try (DatagramSocket monitor = new DatagramSocket(new InetSocketAddress("127.0.0.38", 0))) {
            monitor.setSoTimeout(10_000);
            CspReporter reporter = RegistrarCsp.start(new CspConfig((InetSocketAddress) monitor.getLocalSocketAddress(),
                    Duration.ofMillis(100)), registrar.status(), () -> registrar.asapEndpoint().port());
            closeLater.add(reporter);
            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            monitor.receive(packet);
            ComponentStatusReport report = CspCodec.INSTANCE.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
            assertEquals(ComponentId.registrar(0x5a7a7001), report.sender());
            assertEquals("1[1] PEs in 1 Pool, 0 Peers", report.status());
            assertEquals(100_000, report.reportIntervalMicros());
            assertTrue(report.workload() <= 0xFFFE, "the loop's busy share is a load");
            assertEquals(List.of(), report.associations());
        }
    }
}
