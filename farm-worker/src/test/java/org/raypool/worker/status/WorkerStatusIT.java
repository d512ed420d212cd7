package org.raypool.worker.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.cli.http.StatusHttpServer;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.ComponentStatusReport;
import org.raypool.wire.csp.CspCodec;
import org.raypool.wire.csp.Workload;
import org.raypool.wire.ssp.Ready;
import org.raypool.worker.Worker;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/** A real worker with a registrar, one session rendering "chess.pov": its snapshot, CSP report and HTTP JSON. */
class WorkerStatusIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;
    TestFarm farm;

    @BeforeEach
    void startFarm() throws Exception {
        farm = TestFarm.start(temp);
    }

    @AfterEach
    void stopFarm() throws Exception {
        farm.close();
    }

    private static ComponentStatusReport receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return CspCodec.INSTANCE.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
    }

    @Test
    void showsTheSceneItRendersThenTheResult() throws Exception {
        Worker worker = farm.worker("w", 0x2001, 2, s -> s);
        WorkerStatus status = new WorkerStatus(worker);
        assertEquals("idle, 0/2 sessions", status.snapshot().cspText());
        byte[] pkg = TarBuilder.create()
                .file("job.conf", "# RayPool render job, read by ssrun: chess.pov\nscene=input.pov\n")
                .script("ssrun", "#!/bin/sh\nsleep 3\necho done > \"$1\"\nexit 0\n")
                .tarGz();
        try (DatagramSocket monitor = new DatagramSocket(new InetSocketAddress("127.0.0.39", 0));
                StatusHttpServer http = WorkerHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        status);
                SspTestClient client = SspTestClient.connect(worker.port())) {
            monitor.setSoTimeout(10_000);
            client.expect(Ready.class);
            client.upload(pkg);
            assertEquals(0, client.expectStatus());
            TestFarm.await("the snapshot names the scene", WAIT,
                    () -> status.snapshot().cspText().equals("rendering chess.pov, 1/2 sessions"));

            CspReporter reporter = WorkerCsp.start(new CspConfig((InetSocketAddress) monitor.getLocalSocketAddress(),
                    Duration.ofMillis(100)), status);
            ComponentStatusReport report = receive(monitor);
            reporter.close();
            assertEquals(ComponentId.poolElement(0x2001), report.sender());
            assertEquals("rendering chess.pov, 1/2 sessions", report.status());
            assertEquals(Workload.of(0.5), report.workload(), "LeastUsedDegradation: 1 of 2 sessions = 50 %");
            assertEquals(1, report.associations().size(), "its home registrar");
            ComponentAssociation home = report.associations().get(0);
            assertEquals(ComponentId.GROUP_REGISTRAR, home.receiver().group());
            assertEquals(ComponentAssociation.TCP, home.protocolId());
            assertEquals(ComponentAssociation.PPID_ASAP, home.ppid());
            assertTrue(home.durationKnown() && home.durationMicros() > 0);

            HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + http.address().getPort() + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode tree = new ObjectMapper().readTree(json.body());
            assertEquals("0x00002001", tree.at("/id").asText());
            assertEquals("chess.pov", tree.at("/sessions/0/job").asText());
            assertEquals("working", tree.at("/sessions/0/state").asText());
            assertEquals(16, tree.at("/cache/maxEntries").asInt(), json.body());

            assertEquals(0, client.expectStatus(), "the job succeeds");
            client.download();
            TestFarm.await("the ended session is listed", WAIT, () -> !status.snapshot().recent().isEmpty());
            var ended = status.snapshot().recent().get(0);
            assertEquals("chess.pov", ended.job());
            assertTrue(ended.outcome().startsWith("Status(0): ssrun succeeded"), ended.outcome());
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + http.address().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("raypool_worker_sessions_ended_total 1\n"), metrics);
            TestFarm.await("idle again", WAIT, () -> status.snapshot().cspText().equals("idle, 0/2 sessions"));
        }
    }
}
