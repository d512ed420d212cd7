package org.raypool.wire.ssp;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * The SSP test vectors of scripting-service spec §8 as (name, bytes, message) triples. Shared with other
 * modules' tests through the test-jar.
 */
public final class SspVectors {
    /** SHA-1 of an empty file. */
    public static final byte[] EMPTY_SHA1 = hex("da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709");

    public record Vector(String name, byte[] bytes, SspMessage message) {
        public Vector {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** 8.1 – 8.12, byte-exact in both directions. */
    public static final List<Vector> SINGLE = List.of(
            new Vector("8.1 Ready node1", hex("01000009 6e6f6465 31"), new Ready("node1")),
            new Vector("8.2 Not Ready fully loaded", hex("0000000d 00000001 6e6f6465 31"),
                    new NotReady(NotReady.REASON_FULLY_LOADED, "node1")),
            new Vector("8.3 Environment query", hex("07000018 da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709"),
                    new Environment(EMPTY_SHA1, false)),
            new Vector("8.4 Environment upload needed",
                    hex("07010018 da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709"), new Environment(EMPTY_SHA1, true)),
            new Vector("8.5 Upload gzip magic", hex("02000008 1f8b0800"), new Upload(hex("1f8b0800"))),
            new Vector("8.6 Upload end of file", hex("02000004"), Upload.endOfFile()),
            new Vector("8.7 Status 0", hex("06000008 00000000"), new Status(0)),
            new Vector("8.8 Status 1", hex("06000008 00000001"), new Status(1)),
            new Vector("8.9 Keep-Alive", hex("04000004"), new KeepAlive()),
            new Vector("8.10 Keep-Alive Ack from PE", hex("05000008 00000000"), new KeepAliveAck(OptionalInt.of(0))),
            new Vector("8.11 Keep-Alive Ack from RSPLIB PU", hex("05000004"), new KeepAliveAck(OptionalInt.empty())),
            new Vector("8.12 Download end of file", hex("03000004"), Download.endOfFile()));

    private SspVectors() {
    }

    /**
     * 8.13: a complete job with a 20 000-byte work package and a 1 000-byte result, in wire order. Data bytes are
     * a deterministic pattern (the spec leaves them open).
     */
    public static List<SspMessage> completeJob() {
        byte[] workPackage = pattern(20_000, 7);
        byte[] result = pattern(1_000, 11);
        return List.of(
                new Ready("node1"),
                new Upload(slice(workPackage, 0, SspCodec.MAX_CHUNK)),
                new Upload(slice(workPackage, SspCodec.MAX_CHUNK, workPackage.length)),
                Upload.endOfFile(),
                new Status(0),
                new KeepAlive(),
                KeepAliveAck.ofPoolUser(),
                new KeepAlive(),
                KeepAliveAck.ofPoolElement(),
                new Status(0),
                new Download(result),
                Download.endOfFile());
    }

    /** The first four bytes of each 8.13 message, as printed in the spec. */
    public static final List<String> COMPLETE_JOB_HEADERS = List.of(
            "01000009", "02004004", "02000e24", "02000004", "06000008", "04000004", "05000004", "04000004",
            "05000008", "06000008", "030003ec", "03000004");

    public static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * seed + (i >>> 8));
        }
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
