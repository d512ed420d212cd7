package org.raypool.registrar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.cli.http.StatusHttpServer;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.Await;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.EndpointKeepAliveAck;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * The status page in a real headless Chromium (Debian chromium): the page is opened once and never reloaded; a PE
 * that registers afterwards appears in it, and disappears when it dies (its association aborted, as by kill -9);
 * the registrar's ENRP peer is listed with its address.
 * A screenshot of the page with the PE is kept in target/.
 */
class StatusPageChromiumIT {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PE_ID = 0x00c0ffee;

    @TempDir
    Path tmp;
    private Registrar registrar;
    private Registrar peer;
    private StatusHttpServer http;

    @BeforeEach
    void start() throws Exception {
        registrar = Registrar.start(TestRegistrars.enrpConfig(0x5a7a9e01, 400, List.of()));
        peer = Registrar.start(TestRegistrars.enrpConfig(0x5a7a9e02, 400,
                List.of(TestRegistrars.enrpAddress(registrar))));
        http = RegistrarHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registrar.status());
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (peer != null) peer.close();
        if (registrar != null) registrar.close();
    }

    private void await(String what, Callable<Boolean> condition, Chromium browser) throws Exception {
        try {
            Await.until(what, WAIT, condition::call);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page shows:\n" + browser.text()
                    + "\nwhile the registrar says " + registrar.status().snapshot().cspText(), e);
        }
    }

    @Test
    void pageShowsAPeThatRegistersAfterItOpenedAndDropsItWhenItDies() throws Exception {
        Path chromium = Chromium.find();
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium)");
        String url = "http://127.0.0.1:" + http.address().getPort() + "/";
        try (Chromium browser = Chromium.open(chromium, url, tmp.resolve("profile"))) {
            await("the page loads and shows the empty registrar", () -> browser.text().contains("No pools"), browser);
            assertTrue(browser.text().contains("0x5a7a9e01"), browser.text());
            Object marker = browser.call("Runtime.evaluate", java.util.Map.of("expression",
                    "window.__openedOnce = 'yes'", "returnByValue", true)).path("result").path("value").asText();
            assertEquals("yes", marker);

            Association pe = Transports.forName("tcp").connect(List.of(TestRegistrars.asapAddress(registrar)),
                    Protocol.ASAP, new AssociationListener() {
                        @Override
                        public void onMessage(Association a, Protocol protocol, java.nio.ByteBuffer message) {
                            try {
                                if (AsapCodec.INSTANCE.decode(message) instanceof EndpointKeepAlive) {
                                    a.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(
                                            new EndpointKeepAliveAck(POOL, PE_ID)));
                                }
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }

                        @Override
                        public void onCommLost(Association a, org.raypool.transport.CommLost reason) {}
                    }, Duration.ofSeconds(5));
            InetAddress local = pe.localAddresses().get(0).getAddress();
            pe.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(new Registration(POOL, new PoolElement(PE_ID, 0,
                    30_000, new TcpTransport(40123, TransportUse.DATA_PLUS_CONTROL, local),
                    PoolMemberSelectionPolicy.leastUsed(PoolMemberSelectionPolicy.fraction(0.25))))));
            await("the page shows the PE that registered after it was opened",
                    () -> browser.text().contains("0x00c0ffee"), browser);
            await("the page lists the ENRP peer", () -> browser.text().contains("0x5a7a9e02"), browser);
            String shown = browser.text();
            assertTrue(shown.contains("127.0.0.1:" + peer.enrpEndpoint().port()), shown);
            assertTrue(shown.contains("Pool ScriptingPool · LeastUsed"), shown);
            assertTrue(shown.contains("127.0.0.1:40123") && shown.contains("25 %"), shown);
            Path png = Path.of("target", "status-page", "registrar-status.png").toAbsolutePath();
            browser.screenshot(png);
            assertTrue(Files.size(png) > 1000, "a real PNG");
            System.out.println("status page screenshot: " + png);

            pe.abort();
            await("the page drops the PE once its association died", () -> !browser.text().contains("0x00c0ffee"),
                    browser);
            assertEquals("yes", browser.call("Runtime.evaluate", java.util.Map.of("expression", "window.__openedOnce",
                    "returnByValue", true)).path("result").path("value").asText(), "the page was never reloaded");
            browser.screenshot(png.resolveSibling("registrar-status-after.png"));
        }
    }
}
