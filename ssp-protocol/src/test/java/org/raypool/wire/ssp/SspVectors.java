package org.raypool.wire.ssp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.raypool.wire.Hex;
import org.raypool.wire.VectorFile;

/**
 * The SSP test vectors of docs/protocol/scripting-service.md §8 as (name, bytes, message) triples. The bytes live in
 * docs/protocol/vectors/ssp.txt under these names. Shared with other modules' tests through the test-jar.
 */
public final class SspVectors {
    /** The file the vectors come from. */
    public static final VectorFile FILE = VectorFile.of(VectorFile.SSP);

    /** SHA-1 of an empty file, computed (the hash in the Environment vectors). */
    public static final byte[] EMPTY_SHA1 = sha1();

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
            vector("SSP_8_1_READY_NODE1", new Ready("node1")),
            vector("SSP_8_2_NOT_READY_FULLY_LOADED", new NotReady(NotReady.REASON_FULLY_LOADED, "node1")),
            vector("SSP_8_3_ENVIRONMENT_QUERY", new Environment(EMPTY_SHA1, false)),
            vector("SSP_8_4_ENVIRONMENT_UPLOAD_NEEDED", new Environment(EMPTY_SHA1, true)),
            vector("SSP_8_5_UPLOAD_GZIP_MAGIC", new Upload(new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00})),
            vector("SSP_8_6_UPLOAD_END_OF_FILE", Upload.endOfFile()),
            vector("SSP_8_7_STATUS_0", new Status(0)),
            vector("SSP_8_8_STATUS_1", new Status(1)),
            vector("SSP_8_9_KEEP_ALIVE", new KeepAlive()),
            vector("SSP_8_10_KEEP_ALIVE_ACK_FROM_PE", new KeepAliveAck(OptionalInt.of(0))),
            vector("SSP_8_11_KEEP_ALIVE_ACK_FROM_RSPLIB_PU", new KeepAliveAck(OptionalInt.empty())),
            vector("SSP_8_12_DOWNLOAD_END_OF_FILE", Download.endOfFile()));

    /** 8.15: the LUD policy parameter of a 2-thread PE with 0, 1 and 2 sessions running, by session count. */
    public static final List<byte[]> LUD_TWO_THREADS = List.of(FILE.bytes("SSP_8_15_LUD_IDLE"),
            FILE.bytes("SSP_8_15_LUD_ONE_SESSION"), FILE.bytes("SSP_8_15_LUD_TWO_SESSIONS"));

    private SspVectors() {
    }

    /**
     * 8.13: a complete job with a 20 000-byte work package and a 1 000-byte result, in wire order. Data bytes are
     * a deterministic pattern (the notes leave them open).
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

    /** The first four bytes of each 8.13 message, as lower-case hex, in wire order. */
    public static final List<String> COMPLETE_JOB_HEADERS = words(FILE.bytes("SSP_8_13_COMPLETE_JOB_HEADERS"));

    /** The bytes of the vector {@code name} of ssp.txt. */
    public static byte[] bytes(String name) {
        return FILE.bytes(name);
    }

    private static Vector vector(String name, SspMessage message) {
        return new Vector(name, FILE.bytes(name), message);
    }

    private static byte[] sha1() {
        try {
            return MessageDigest.getInstance("SHA-1").digest(new byte[0]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hex(String spaced) {
        return Hex.parse(spaced);
    }

    private static List<String> words(byte[] bytes) {
        String compact = Hex.compact(bytes);
        return IntStream.range(0, compact.length() / 8).mapToObj(i -> compact.substring(8 * i, 8 * i + 8)).toList();
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
