package org.raypool.transport.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationContractTest;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Messages;
import org.raypool.transport.Recorder;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;

/** The association contract over SCTP on loopback, plus what only SCTP has: PPIDs, several protocols, paths. */
class SctpAssociationTest extends AssociationContractTest {

    private ListeningEndpoint endpoint;
    private SctpChannel raw;

    @BeforeEach
    void sctp() {
        SctpAvailability.assumeSctp();
    }

    @Override
    protected Transport transport(TransportOptions options) {
        return new SctpTransport(options);
    }

    @AfterEach
    void closeRaw() throws IOException {
        if (raw != null) raw.close();
        if (endpoint != null) endpoint.close();
    }

    /** Our endpoint on one side, a bare jdk.sctp channel on the other, to send what our sender never would. */
    private Recorder listenRaw(Set<Protocol> protocols) throws IOException {
        Recorder events = new Recorder();
        endpoint = transport().listen(List.of(LOOPBACK), protocols, events);
        raw = SctpChannel.open(new InetSocketAddress("127.0.0.1", endpoint.port()), 0, 0);
        raw.setOption(SctpStandardSocketOptions.SO_SNDBUF, 512 * 1024);
        return events;
    }

    private void sendRaw(int ppid, byte[] bytes) throws IOException {
        raw.send(ByteBuffer.wrap(bytes), MessageInfo.createOutgoing(null, 0).payloadProtocolID(ppid));
    }

    @Test
    void severalProtocolsShareOneAssociationAndKeepTheirPpids() throws Exception {
        Recorder serverEvents = new Recorder();
        endpoint = transport().listen(List.of(LOOPBACK), Set.of(Protocol.SSP, Protocol.ASAP), serverEvents);
        Association client = transport().connect(List.of(new InetSocketAddress("127.0.0.1", endpoint.port())),
                Set.of(Protocol.SSP, Protocol.ASAP), new Recorder(), CONNECT_TIMEOUT);
        try {
            Protocol[] order = {Protocol.SSP, Protocol.ASAP, Protocol.ASAP, Protocol.SSP, Protocol.ASAP};
            for (int i = 0; i < order.length; i++) client.send(order[i], Messages.of(10 + i, i));
            for (int i = 0; i < order.length; i++) {
                Recorder.Received r = serverEvents.nextMessage();
                assertEquals(order[i], r.protocol(), "message " + i);
                assertArrayEquals(Messages.of(10 + i, i), r.bytes());
            }
        } finally {
            client.abort();
        }
    }

    @Test
    void thePpidOnTheWireIsThatOfTheProtocol() throws Exception {
        Recorder events = listenRaw(Set.of(Protocol.ASAP, Protocol.ENRP, Protocol.SSP));
        Association server = events.nextEstablished();
        for (Protocol p : Protocol.values()) {
            server.send(p, Messages.of(8, p.ordinal()));
            ByteBuffer in = ByteBuffer.allocate(100);
            MessageInfo info = raw.receive(in, null, null);
            assertEquals(p.ppid(), info.payloadProtocolID(), p.name());
            assertEquals(0, info.streamNumber());
            assertEquals(8, info.bytes());
        }
    }

    @Test
    void legacyPpidsAreMappedAndUnknownOnesDropped() throws Exception {
        Recorder events = listenRaw(Set.of(Protocol.ASAP, Protocol.ENRP, Protocol.SSP));
        sendRaw(Protocol.LEGACY_ASAP_PPID, Messages.of(8, 1));
        sendRaw(99, Messages.of(8, 2));
        sendRaw(0, Messages.of(8, 3));
        sendRaw(Protocol.LEGACY_ENRP_PPID, Messages.of(8, 4));
        sendRaw(Protocol.LEGACY_SSP_PPID, Messages.of(8, 5));
        assertEquals(Protocol.ASAP, events.nextMessage().protocol());
        Recorder.Received enrp = events.nextMessage();
        assertEquals(Protocol.ENRP, enrp.protocol());
        assertArrayEquals(Messages.of(8, 4), enrp.bytes());
        assertEquals(Protocol.SSP, events.nextMessage().protocol());
        assertTrue(enrp.association().isOpen());
    }

    @Test
    void aProtocolThatIsNotAcceptedAbortsTheAssociation() throws Exception {
        // RSPLIB's registrar ABORTs on PPID 12 at its ASAP socket (docs/protocol/asap-enrp-wire.md §1.2)
        Recorder events = listenRaw(Set.of(Protocol.ASAP));
        sendRaw(Protocol.ENRP.ppid(), Messages.of(8, 1));
        CommLost why = events.awaitLost(events.nextEstablished(), CommLost.Cause.PROTOCOL_ERROR);
        assertTrue(why.detail().contains("ENRP"), why.detail());
    }

    @Test
    void aPeersMessageIsReassembledUpTo65536BytesAndAbortedBeyond() throws Exception {
        Recorder events = listenRaw(Set.of(Protocol.SSP));
        byte[] max = Messages.of(65535, 1);
        max = java.util.Arrays.copyOf(max, 65536);
        sendRaw(Protocol.SSP.ppid(), max);
        assertArrayEquals(max, events.nextMessage().bytes());
        sendRaw(Protocol.SSP.ppid(), new byte[70_000]);
        CommLost why = events.awaitLost(events.nextEstablished(), CommLost.Cause.PROTOCOL_ERROR);
        assertTrue(why.detail().contains("65536"), why.detail());
    }

    @Test
    void aMultiHomedEndpointBindsEveryAddressAndThePeerLearnsThem() throws Exception {
        Recorder serverEvents = new Recorder();
        endpoint = transport().listen(List.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.2", 0)), Set.of(Protocol.ENRP), serverEvents);
        int port = endpoint.port();
        InetSocketAddress first = new InetSocketAddress("127.0.0.1", port);
        InetSocketAddress second = new InetSocketAddress("127.0.0.2", port);
        assertEquals(Set.of(first, second), Set.copyOf(endpoint.localAddresses()));
        Association client = transport().connect(List.of(first), Protocol.ENRP, new Recorder(), CONNECT_TIMEOUT);
        try {
            assertEquals(Set.of(first, second), Set.copyOf(client.remoteAddresses()));
            client.setPrimaryPath(second);
            client.send(Protocol.ENRP, Messages.of(8, 1));
            assertArrayEquals(Messages.of(8, 1), serverEvents.nextMessage().bytes());
            client.setPrimaryPath(first);
            client.send(Protocol.ENRP, Messages.of(8, 2));
            assertArrayEquals(Messages.of(8, 2), serverEvents.nextMessage().bytes());
        } finally {
            client.abort();
        }
    }
}
