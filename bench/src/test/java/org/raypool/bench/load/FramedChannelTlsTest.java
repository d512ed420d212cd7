package org.raypool.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.CertificateAuthority;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.param.PoolHandle;

/**
 * The load clients' framing inside mutual TLS (run-registrar-load's TLS run): against the project's own TLS
 * endpoint, as a registrar with credentials listens, frames of every padding go back and forth and the server sees
 * the client's user identity; a client whose CA is not the server's gets no connection.
 */
class FramedChannelTlsTest {
    private static final Instant NOW = Instant.now().minusSeconds(60);
    private static final Duration DAY = Duration.ofDays(1);

    /** An ASAP endpoint that sends every message back and records its peer's identity. */
    private static final class Echo implements AssociationListener {
        final BlockingQueue<Optional<PeerIdentity>> peers = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            peers.add(association.peerIdentity());
            try {
                association.send(Protocol.ASAP, message);
            } catch (IOException e) {
                association.abort();
            }
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {}
    }

    private static ListeningEndpoint registrar(CertificateAuthority ca, Echo echo) throws IOException {
        Credentials own = ca.credentials(ca.issue(Role.REGISTRAR, "registrar", NOW, DAY));
        return Transports.forName("tcp", TransportOptions.DEFAULTS, null, TlsPolicy.accepting(own, Role.USER))
                .listen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), Protocol.ASAP, echo);
    }

    @Test
    void framesGoBothWaysInsideTlsWithTheUsersIdentity() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("bench", NOW, DAY);
        Echo echo = new Echo();
        ListeningEndpoint server = registrar(ca, echo);
        Credentials user = ca.credentials(ca.issue(Role.USER, "bench-client", NOW, DAY));
        try (FramedChannel client = FramedChannel.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), user)) {
            for (String name : new String[] {"a", "ab", "abc", "abcd", "RayPoolBench"}) {
                byte[] message = AsapCodec.INSTANCE.encode(HandleResolution.of(PoolHandle.fromString(name), 3));
                client.write(FramedChannel.frame(message));
                ByteBuffer frame = client.next();
                byte[] back = new byte[frame.getShort(2) & 0xFFFF];
                frame.get(back);
                assertArrayEquals(message, back);
                assertEquals(Role.USER, echo.peers.take().orElseThrow().role());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aClientOfAnotherCaGetsNoConnection() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("bench", NOW, DAY);
        CertificateAuthority other = CertificateAuthority.create("bench", NOW, DAY);
        ListeningEndpoint server = registrar(ca, new Echo());
        try {
            Credentials stranger = other.credentials(other.issue(Role.USER, "bench-client", NOW, DAY));
            assertThrows(IOException.class, () -> FramedChannel.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), stranger).close());
        } finally {
            server.close();
        }
    }
}
