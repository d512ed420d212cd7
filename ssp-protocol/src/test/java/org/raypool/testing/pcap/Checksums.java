package org.raypool.testing.pcap;

import java.net.Inet4Address;
import java.util.zip.CRC32C;

/** The Internet checksum (RFC 1071) with the IPv4 pseudo-header, and SCTP's CRC32c (RFC 9260 appendix A). */
final class Checksums {
    private Checksums() {
    }

    static int internet(byte[] bytes, int offset, int length, long initialSum) {
        long sum = initialSum;
        int end = offset + length;
        for (int i = offset; i + 1 < end; i += 2) {
            sum += (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            sum += (bytes[end - 1] & 0xFF) << 8;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static int transport(Inet4Address source, Inet4Address destination, int protocol, byte[] segment) {
        byte[] s = source.getAddress();
        byte[] d = destination.getAddress();
        long pseudo = ((s[0] & 0xFF) << 8 | (s[1] & 0xFF)) + ((s[2] & 0xFF) << 8 | (s[3] & 0xFF))
                + ((d[0] & 0xFF) << 8 | (d[1] & 0xFF)) + ((d[2] & 0xFF) << 8 | (d[3] & 0xFF))
                + protocol + segment.length;
        return internet(segment, 0, segment.length, pseudo);
    }

    /** CRC32c over the whole SCTP packet (checksum field zero), in the byte order SCTP puts it on the wire. */
    static int sctp(byte[] packet) {
        CRC32C crc = new CRC32C();
        crc.update(packet);
        return Integer.reverseBytes((int) crc.getValue());
    }
}
