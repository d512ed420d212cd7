package org.raypool.testing.pcap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One TCP connection in a {@link PcapWriter}: handshake on creation, then one segment per call with correct
 * sequence and acknowledgement numbers, FIN exchange on {@link #close()}. How the caller cuts the byte stream
 * into segments is kept exactly, so several messages per segment and messages split across segments are both
 * possible.
 */
public final class TcpConnection {
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int MAX_SEGMENT = 0xFFFF - 20 - 20;

    private final PcapWriter pcap;
    private final Side client;
    private final Side server;

    TcpConnection(PcapWriter pcap, InetSocketAddress client, InetSocketAddress server) {
        this.pcap = pcap;
        this.client = new Side(client, 0x0100_0000 + (client.getPort() << 4));
        this.server = new Side(server, 0x0200_0000 + (server.getPort() << 4));
        segment(this.client, this.server, SYN, new byte[0]);
        this.client.next++;
        segment(this.server, this.client, SYN | ACK, new byte[0]);
        this.server.next++;
        segment(this.client, this.server, ACK, new byte[0]);
    }

    /** One client → server segment carrying exactly these bytes; returns its frame number. */
    public int fromClient(byte[] payload) {
        return data(client, server, payload);
    }

    /** One server → client segment carrying exactly these bytes; returns its frame number. */
    public int fromServer(byte[] payload) {
        return data(server, client, payload);
    }

    /** Graceful close initiated by the client. */
    public void close() {
        segment(client, server, FIN | ACK, new byte[0]);
        client.next++;
        segment(server, client, FIN | ACK, new byte[0]);
        server.next++;
        segment(client, server, ACK, new byte[0]);
    }

    private int data(Side from, Side to, byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment payload must be 1.." + MAX_SEGMENT + " bytes");
        }
        int frame = segment(from, to, PSH | ACK, payload);
        from.next += payload.length;
        return frame;
    }

    private int segment(Side from, Side to, int flags, byte[] payload) {
        ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length)
                .putShort((short) from.address.getPort())
                .putShort((short) to.address.getPort())
                .putInt(from.next)
                .putInt((flags & ACK) != 0 ? to.next : 0)
                .put((byte) 0x50).put((byte) flags)
                .putShort((short) 0xFFFF)
                .putShort((short) 0)
                .putShort((short) 0)
                .put(payload);
        int checksum = Checksums.transport(PcapWriter.ipv4(from.address), PcapWriter.ipv4(to.address),
                PcapWriter.IPPROTO_TCP, tcp.array());
        tcp.putShort(16, (short) checksum);
        return pcap.ip(PcapWriter.IPPROTO_TCP, from.address, to.address, tcp.array());
    }

    private static final class Side {
        final InetSocketAddress address;
        int next;

        Side(InetSocketAddress address, int initialSequence) {
            this.address = address;
            this.next = initialSequence;
        }
    }
}
