package org.raypool.testing.pcap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One SCTP association in a {@link PcapWriter}: each message becomes a packet with a single unfragmented DATA
 * chunk, with per-direction TSNs and per-stream SSNs.
 */
public final class SctpAssociation {
    private final PcapWriter pcap;
    private final Side client;
    private final Side server;

    SctpAssociation(PcapWriter pcap, InetSocketAddress client, InetSocketAddress server) {
        this.pcap = pcap;
        int seed = client.hashCode() * 31 + server.hashCode();
        this.client = new Side(client, 0x1000_0000 | (seed & 0x0FFF_FFFF), 1_000);
        this.server = new Side(server, 0x2000_0000 | (seed >>> 4 & 0x0FFF_FFFF), 5_000);
    }

    /** Client → server on stream 0; returns the frame number. */
    public int fromClient(int ppid, byte[] message) {
        return send(client, server, 0, ppid, message);
    }

    public int fromClient(int ppid, int stream, byte[] message) {
        return send(client, server, stream, ppid, message);
    }

    /** Server → client on stream 0; returns the frame number. */
    public int fromServer(int ppid, byte[] message) {
        return send(server, client, 0, ppid, message);
    }

    public int fromServer(int ppid, int stream, byte[] message) {
        return send(server, client, stream, ppid, message);
    }

    private int send(Side from, Side to, int stream, int ppid, byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("an SCTP DATA chunk needs at least one byte of user data");
        }
        int chunkLength = 16 + message.length;
        int ssn = from.ssn.merge(stream, 1, Integer::sum) - 1;
        int padded = chunkLength + (-chunkLength & 3);
        ByteBuffer packet = ByteBuffer.allocate(12 + padded)
                .putShort((short) from.address.getPort())
                .putShort((short) to.address.getPort())
                .putInt(to.verificationTag)
                .putInt(0)
                .put((byte) 0).put((byte) 0x03)
                .putShort((short) chunkLength)
                .putInt(from.tsn++)
                .putShort((short) stream)
                .putShort((short) ssn)
                .putInt(ppid)
                .put(message);
        packet.putInt(8, Checksums.sctp(packet.array()));
        return pcap.ip(PcapWriter.IPPROTO_SCTP, from.address, to.address, packet.array());
    }

    private static final class Side {
        final InetSocketAddress address;
        final int verificationTag;
        final Map<Integer, Integer> ssn = new HashMap<>();
        int tsn;

        Side(InetSocketAddress address, int verificationTag, int initialTsn) {
            this.address = address;
            this.verificationTag = verificationTag;
            this.tsn = initialTsn;
        }
    }
}
