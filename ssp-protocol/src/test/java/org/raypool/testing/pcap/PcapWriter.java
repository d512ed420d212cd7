package org.raypool.testing.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes a classic libpcap file (LINKTYPE_RAW: every record is a bare IPv4 packet) of synthetic SCTP, UDP and
 * TCP traffic, so that a real Wireshark can judge what our encoders produce. All IPv4, UDP, TCP and SCTP
 * (CRC32c) checksums are correct. Timestamps start at a fixed instant and advance 1 ms per frame, so equal
 * input gives an identical file. Not thread-safe.
 */
public final class PcapWriter implements Closeable {
    public static final int LINKTYPE_RAW = 101;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_SCTP = 132;
    private static final int IPV4_HEADER = 20;
    private static final int MAX_IPV4_PACKET = 0xFFFF;
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration FRAME_SPACING = Duration.ofMillis(1);

    private final OutputStream out;
    private Instant clock = START;
    private int frames;
    private int ipIdentification = 1;

    public PcapWriter(OutputStream out) throws IOException {
        this.out = new BufferedOutputStream(out);
        ByteBuffer header = ByteBuffer.allocate(24)
                .putInt(0xA1B2C3D4)
                .putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0)
                .putInt(MAX_IPV4_PACKET)
                .putInt(LINKTYPE_RAW);
        this.out.write(header.array());
    }

    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(Files.newOutputStream(file));
    }

    /** A new SCTP association; only DATA chunks are written (tshark needs no INIT to decode them). */
    public SctpAssociation sctp(InetSocketAddress client, InetSocketAddress server) {
        return new SctpAssociation(this, client, server);
    }

    /** A new TCP connection; writes the three-way handshake now. */
    public TcpConnection tcp(InetSocketAddress client, InetSocketAddress server) {
        return new TcpConnection(this, client, server);
    }

    /** One UDP datagram; returns its frame number. */
    public int udp(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        int length = 8 + payload.length;
        ByteBuffer udp = ByteBuffer.allocate(length)
                .putShort((short) source.getPort())
                .putShort((short) destination.getPort())
                .putShort((short) length)
                .putShort((short) 0)
                .put(payload);
        int checksum = Checksums.transport(ipv4(source), ipv4(destination), IPPROTO_UDP, udp.array());
        udp.putShort(6, (short) (checksum == 0 ? 0xFFFF : checksum));
        return ip(IPPROTO_UDP, source, destination, udp.array());
    }

    /** Moves the clock of the next frame forward, beyond the automatic 1 ms per frame. */
    public void advance(Duration duration) {
        clock = clock.plus(duration);
    }

    /** Frames written so far; tshark numbers frames from 1, so this is also the last frame's number. */
    public int frames() {
        return frames;
    }

    /** Wraps a transport segment into IPv4 and writes it as one record; returns its frame number. */
    int ip(int protocol, InetSocketAddress source, InetSocketAddress destination, byte[] segment) {
        int total = IPV4_HEADER + segment.length;
        if (total > MAX_IPV4_PACKET) {
            throw new IllegalArgumentException("IPv4 packet of " + total + " bytes exceeds " + MAX_IPV4_PACKET);
        }
        ByteBuffer packet = ByteBuffer.allocate(total)
                .put((byte) 0x45).put((byte) 0)
                .putShort((short) total)
                .putShort((short) ipIdentification++)
                .putShort((short) 0x4000)
                .put((byte) 64).put((byte) protocol)
                .putShort((short) 0)
                .put(ipv4(source).getAddress())
                .put(ipv4(destination).getAddress());
        packet.putShort(10, (short) Checksums.internet(packet.array(), 0, IPV4_HEADER, 0));
        packet.put(segment);
        return record(packet.array());
    }

    private int record(byte[] packet) {
        long micros = clock.getEpochSecond() * 1_000_000L + clock.getNano() / 1_000;
        ByteBuffer header = ByteBuffer.allocate(16)
                .putInt((int) (micros / 1_000_000L))
                .putInt((int) (micros % 1_000_000L))
                .putInt(packet.length)
                .putInt(packet.length);
        try {
            out.write(header.array());
            out.write(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clock = clock.plus(FRAME_SPACING);
        return ++frames;
    }

    static Inet4Address ipv4(InetSocketAddress address) {
        if (address.getAddress() instanceof Inet4Address v4) {
            return v4;
        }
        throw new IllegalArgumentException("only resolved IPv4 addresses are supported: " + address);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
