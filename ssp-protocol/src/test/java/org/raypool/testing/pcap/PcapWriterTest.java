package org.raypool.testing.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Layout and checksums without tshark; TsharkIT has a real Wireshark verify the same checksums. */
class PcapWriterTest {
    private static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 40000);
    private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 3863);

    @Test
    void writesRawIpv4RecordsWithValidChecksums() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes)) {
            assertEquals(1, writer.sctp(A, B).fromClient(35, new byte[] {1, 2, 3, 4, 5}));
            assertEquals(2, writer.udp(A, B, new byte[] {1, 2, 3}));
            TcpConnection tcp = writer.tcp(A, B);
            assertEquals(6, tcp.fromClient(new byte[] {4, 0}));
            assertEquals(7, tcp.fromServer(new byte[] {5, 0, 0, 4}));
            assertEquals(8, tcp.fromClient(new byte[] {0, 4}));
            tcp.close();
            assertEquals(11, writer.frames());
        }
        ByteBuffer file = ByteBuffer.wrap(bytes.toByteArray());
        assertEquals(0xA1B2C3D4, file.getInt(0));
        assertEquals(PcapWriter.LINKTYPE_RAW, file.getInt(20));
        List<byte[]> packets = records(file);
        assertEquals(11, packets.size());
        for (byte[] packet : packets) {
            assertEquals(0, Checksums.internet(packet, 0, 20, 0), "IPv4 header checksum");
            assertEquals(packet.length, ByteBuffer.wrap(packet).getShort(2) & 0xFFFF);
        }

        byte[] sctp = Arrays.copyOfRange(packets.get(0), 20, packets.get(0).length);
        int stored = ByteBuffer.wrap(sctp).getInt(8);
        ByteBuffer.wrap(sctp).putInt(8, 0);
        assertEquals(stored, Checksums.sctp(sctp));
        assertEquals(12 + 24, sctp.length, "common header + one DATA chunk padded to 4");
        assertEquals(16 + 5, ByteBuffer.wrap(sctp).getShort(14), "chunk length excludes the padding");
        assertEquals(35, ByteBuffer.wrap(sctp).getInt(24), "PPID");

        assertEquals(0, transportChecksum(packets.get(1), PcapWriter.IPPROTO_UDP), "UDP checksum");
        for (int i = 2; i < packets.size(); i++) {
            assertEquals(0, transportChecksum(packets.get(i), PcapWriter.IPPROTO_TCP), "TCP checksum, frame " + (i + 1));
        }
        int clientSeqAfterHandshake = ByteBuffer.wrap(packets.get(4)).getInt(24);
        assertEquals(clientSeqAfterHandshake + 2, ByteBuffer.wrap(packets.get(7)).getInt(24), "seq advances by payload");
        assertEquals(ByteBuffer.wrap(packets.get(6)).getInt(24) + 4, ByteBuffer.wrap(packets.get(7)).getInt(28),
                "client acknowledges the server's data");
    }

    @Test
    void crc32cIsTheCastagnoliPolynomial() {
        CRC32C crc = new CRC32C();
        crc.update(new byte[32]);
        assertEquals(0x8A9136AAL, crc.getValue(), "RFC 3720 B.4: 32 zero bytes");
    }

    @Test
    void refusesWhatIpv4CannotCarry() throws IOException {
        try (PcapWriter writer = new PcapWriter(new ByteArrayOutputStream())) {
            assertThrows(IllegalArgumentException.class, () -> writer.udp(A, B, new byte[0xFFFF]));
            assertThrows(IllegalArgumentException.class, () -> writer.sctp(A, B).fromClient(35, new byte[0]));
            assertThrows(IllegalArgumentException.class,
                    () -> writer.udp(new InetSocketAddress("::1", 1), B, new byte[1]));
        }
    }

    private static int transportChecksum(byte[] packet, int protocol) {
        byte[] segment = Arrays.copyOfRange(packet, 20, packet.length);
        long pseudo = 0;
        for (int i = 12; i < 20; i += 2) {
            pseudo += (packet[i] & 0xFF) << 8 | (packet[i + 1] & 0xFF);
        }
        return Checksums.internet(segment, 0, segment.length, pseudo + protocol + segment.length);
    }

    private static List<byte[]> records(ByteBuffer file) {
        List<byte[]> packets = new ArrayList<>();
        file.position(24);
        while (file.hasRemaining()) {
            file.getInt();
            file.getInt();
            int captured = file.getInt();
            file.getInt();
            byte[] packet = new byte[captured];
            file.get(packet);
            packets.add(packet);
        }
        return packets;
    }
}
