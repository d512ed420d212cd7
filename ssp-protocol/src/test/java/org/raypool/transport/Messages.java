package org.raypool.transport;

import java.nio.ByteBuffer;

/** Test messages: a common header whose Length is the size, and a body that depends on a seed. */
public final class Messages {
    private Messages() {}

    public static byte[] of(int size, int seed) {
        byte[] b = new byte[size];
        b[0] = (byte) (seed % 13 + 1);
        b[2] = (byte) (size >>> 8);
        b[3] = (byte) size;
        for (int i = 4; i < size; i++) b[i] = (byte) (seed * 31 + i * 7);
        return b;
    }

    /** A message carrying two ints (e.g. sender and sequence number) in bytes 4..11; size >= 12. */
    public static byte[] tagged(int size, int tag, int seq) {
        byte[] b = of(size, tag * 100_003 + seq);
        ByteBuffer.wrap(b).putInt(4, tag).putInt(8, seq);
        return b;
    }

    public static int tag(byte[] b) {
        return ByteBuffer.wrap(b).getInt(4);
    }

    public static int seq(byte[] b) {
        return ByteBuffer.wrap(b).getInt(8);
    }
}
