package org.raypool.csp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.raypool.testing.Await;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.csp.ComponentAssociation;
import org.raypool.wire.csp.ComponentId;
import org.raypool.wire.csp.ComponentStatusReport;
import org.raypool.wire.csp.CspCodec;
import org.raypool.wire.csp.Workload;

class CspReporterTest {
    private static final ComponentId PE = ComponentId.poolElement(0x0A0B0C0D);

    /** A stand-in monitor on its own loopback address. */
    private static DatagramSocket monitor() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.37"), 0));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static ComponentStatusReport receive(DatagramSocket socket) throws IOException, ProtocolException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return CspCodec.INSTANCE.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
    }

    @Test
    void reportsEveryIntervalWhatTheComponentSaysAndAFinalReportOnClose() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ComponentAssociation home = ComponentAssociation.of(ComponentId.registrar(0x12345678), 1000,
                ComponentAssociation.TCP, ComponentAssociation.PPID_ASAP);
        try (DatagramSocket socket = monitor()) {
            CspConfig config = new CspConfig((InetSocketAddress) socket.getLocalSocketAddress(), Duration.ofMillis(50));
            CspReporter reporter = CspReporter.start(config, PE, () -> new ComponentStatus("here", "report "
                    + asked.incrementAndGet(), Workload.of(0.25), List.of(home)));
            ComponentStatusReport first = receive(socket);
            ComponentStatusReport second = receive(socket);
            reporter.close();
            ComponentStatusReport last;
            do {
                last = receive(socket);
            } while (!last.finalReport());
            assertEquals(PE, first.sender());
            assertEquals("report 1", first.status());
            assertEquals("report 2", second.status());
            assertEquals(50_000, first.reportIntervalMicros());
            assertTrue(first.senderTimestampMicros() < 1_000, "the first report's timestamp is ~0");
            assertTrue(second.senderTimestampMicros() >= 50_000, "timestamps count from the first report");
            assertEquals(Workload.of(0.25), first.workload());
            assertEquals(List.of(home), first.associations());
            assertEquals(ComponentStatusReport.finalReport(PE, last.senderTimestampMicros(), 50_000), last);
            socket.setSoTimeout(300);
            DatagramPacket more = new DatagramPacket(new byte[65536], 65536);
            SocketTimeoutException quiet = null;
            try {
                socket.receive(more);
            } catch (SocketTimeoutException e) {
                quiet = e;
            }
            assertNotNull(quiet, "nothing after the final report");
        }
    }

    @Test
    void noFinalReportWithoutANormalOne() throws Exception {
        try (DatagramSocket socket = monitor()) {
            CspConfig config = new CspConfig((InetSocketAddress) socket.getLocalSocketAddress(), Duration.ofMillis(50));
            AtomicInteger asked = new AtomicInteger();
            CspReporter reporter = CspReporter.start(config, PE, () -> {
                asked.incrementAndGet();
                throw new IllegalStateException("not ready");
            });
            Await.until("the reporter asks for a report twice", () -> asked.get() >= 2);
            reporter.close();
            socket.setSoTimeout(300);
            SocketTimeoutException quiet = null;
            try {
                receive(socket);
            } catch (SocketTimeoutException e) {
                quiet = e;
            }
            assertNotNull(quiet, "a component that never said anything sends no final report");
        }
    }

    @Test
    void locationIsHostThenAddressesWithThePortOnTheFirst() throws Exception {
        List<InetAddress> two = List.of(InetAddress.getByName("10.99.0.1"), InetAddress.getByName("10.99.0.2"));
        assertEquals("sctpvm: 10.99.0.1:3863, 10.99.0.2", LocationText.format("sctpvm", two, OptionalInt.of(3863)));
        assertEquals("sctpvm: 10.99.0.1, 10.99.0.2", LocationText.format("sctpvm", two, OptionalInt.empty()));
        assertEquals("h: [2001:db8::1]:80", LocationText.format("h", List.of(InetAddress.getByName("2001:db8::1")),
                OptionalInt.of(80)));
        assertEquals("::", LocationText.ipv6(new byte[16]));
        assertEquals("fd00:1::2:0:0:1", LocationText.ipv6(InetAddress.getByName("fd00:1:0:0:2:0:0:1").getAddress()));
        assertEquals("1:2:3:4:5:6:7:0", LocationText.ipv6(InetAddress.getByName("1:2:3:4:5:6:7:0").getAddress()));
        assertEquals("h", LocationText.format("h", List.of(), OptionalInt.of(80)));
        assertEquals("(local only)", LocationText.format("", List.of(), OptionalInt.empty()));
        String here = LocationText.of(OptionalInt.empty());
        assertTrue(!here.contains("127.0.0.1"), "loopback never appears: " + here);
    }
}
