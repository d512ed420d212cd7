package org.raypool.wire.ssp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.wire.ProtocolException;

/**
 * Random and mutated inputs must either decode to a message that re-encodes to the very same bytes or fail with
 * {@link ProtocolException}; nothing else. Like every decoder, SSP gets the project's {@code raypool.fuzz.iterations} inputs.
 */
class SspCodecFuzzTest {
    private static final long DEFAULT_SEED = 0x5350_F022L;

    private final SspCodec codec = SspCodec.INSTANCE;

    @Test
    void randomAndMutatedInputs() {
        long iterations = Long.getLong("raypool.fuzz.iterations", 1_000_000L);
        long seed = Long.getLong("raypool.fuzz.seed", DEFAULT_SEED);
        System.out.printf("SSP fuzz: seed=0x%x iterations=%d (rerun: -Draypool.fuzz.seed=%d)%n",
                seed, iterations, seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> corpus = corpus();
        long decoded = 0;
        for (long i = 0; i < iterations; i++) {
            byte[] input = (i & 1) == 0 ? randomInput(random) : mutate(random, corpus.get(random.nextInt(corpus.size())));
            if (check(input, seed, i)) {
                decoded++;
            }
        }
        System.out.printf("SSP fuzz: %d of %d inputs decoded and re-encoded identically%n", decoded, iterations);
        assertTrue(iterations < 1000 || decoded > iterations / 100, "the fuzzer should reach the message bodies");
    }

    private boolean check(byte[] input, long seed, long iteration) {
        SspMessage message;
        try {
            message = codec.decode(ByteBuffer.wrap(input));
        } catch (ProtocolException expected) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError(describe(seed, iteration, input) + " threw " + t, t);
        }
        byte[] again = codec.encode(message);
        if (!Arrays.equals(input, again)) {
            fail(describe(seed, iteration, input) + " decoded to " + message + " which re-encodes to "
                    + HexFormat.of().formatHex(again));
        }
        return true;
    }

    private static String describe(long seed, long iteration, byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 96));
        return "seed " + seed + " iteration " + iteration + " input[" + input.length + "] " + hex;
    }

    private List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        SspVectors.SINGLE.forEach(v -> corpus.add(v.bytes()));
        SspVectors.completeJob().forEach(m -> corpus.add(codec.encode(m)));
        corpus.add(codec.encode(new Ready("a".repeat(64))));
        corpus.add(codec.encode(new NotReady(2, "")));
        return corpus;
    }

    private static byte[] randomInput(SplittableRandom random) {
        int size = random.nextInt(8) == 0 ? random.nextInt(70_000) : random.nextInt(100);
        byte[] input = new byte[size];
        random.nextBytes(input);
        if (size >= 4 && random.nextBoolean()) {
            input[0] = (byte) random.nextInt(9);
            input[1] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(2));
            if (size <= 0xFFFF) {
                setLength(input, size);
            }
            if (input[0] <= 1) {
                for (int i = input[0] == 0 ? 8 : 4; i < size; i++) {
                    input[i] = (byte) (input[i] & 0x7F | (random.nextInt(64) == 0 ? 0x80 : 0));
                }
            }
        }
        return input;
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        byte[] input = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(7)) {
                case 0 -> flipBit(random, input);
                case 1 -> { if (input.length > 0) input[random.nextInt(input.length)] = (byte) random.nextInt(256); }
                case 2 -> input = Arrays.copyOf(input, random.nextInt(input.length + 1));
                case 3 -> {
                    int extra = random.nextInt(8) == 0 ? random.nextInt(70_000) : 1 + random.nextInt(8);
                    int old = input.length;
                    input = Arrays.copyOf(input, old + extra);
                    for (int i = old; i < input.length; i++) {
                        input[i] = (byte) random.nextInt(128);
                    }
                }
                case 4 -> { if (input.length > 0) input[0] = (byte) random.nextInt(10); }
                case 5 -> { if (input.length > 1) input[1] = (byte) random.nextInt(3); }
                default -> { }
            }
            if (input.length >= 4 && input.length <= 0xFFFF && random.nextInt(4) != 0) {
                setLength(input, input.length);
            }
        }
        return input;
    }

    private static void flipBit(SplittableRandom random, byte[] input) {
        if (input.length > 0) {
            int bit = random.nextInt(input.length * 8);
            input[bit / 8] ^= (byte) (1 << (bit % 8));
        }
    }

    private static void setLength(byte[] input, int length) {
        input[2] = (byte) (length >>> 8);
        input[3] = (byte) length;
    }
}
