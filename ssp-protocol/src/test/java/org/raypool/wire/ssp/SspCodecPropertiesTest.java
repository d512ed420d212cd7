package org.raypool.wire.ssp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.raypool.wire.ProtocolException;

class SspCodecPropertiesTest {
    private final SspCodec codec = SspCodec.INSTANCE;

    @Property
    void notReadyRoundTrips(@ForAll int reason, @ForAll("infos") String info) throws ProtocolException {
        roundTrip(new NotReady(reason, info));
    }

    @Property
    void readyRoundTrips(@ForAll("infos") String info) throws ProtocolException {
        roundTrip(new Ready(info));
    }

    @Property(tries = 300)
    void uploadRoundTrips(@ForAll("data") byte[] data) throws ProtocolException {
        roundTrip(new Upload(data));
    }

    @Property(tries = 300)
    void downloadRoundTrips(@ForAll("data") byte[] data) throws ProtocolException {
        roundTrip(new Download(data));
    }

    @Property(tries = 1)
    void keepAliveRoundTrips() throws ProtocolException {
        roundTrip(new KeepAlive());
    }

    @Property
    void keepAliveAckRoundTrips(@ForAll("optionalStatus") OptionalInt status) throws ProtocolException {
        roundTrip(new KeepAliveAck(status));
    }

    @Property
    void statusRoundTrips(@ForAll int status) throws ProtocolException {
        roundTrip(new Status(status));
    }

    @Property
    void environmentRoundTrips(@ForAll("hashes") byte[] hash, @ForAll boolean uploadNeeded) throws ProtocolException {
        roundTrip(new Environment(hash, uploadNeeded));
    }

    @Property
    void anyTruncationOrExtensionIsRejected(@ForAll("messages") SspMessage message,
            @ForAll @IntRange(min = -70_000, max = 70_000) int delta) {
        byte[] wire = codec.encode(message);
        int size = Math.max(0, Math.min(wire.length + delta, SspCodec.MAX_DATA + 100));
        if (size == wire.length) {
            return;
        }
        byte[] changed = Arrays.copyOf(wire, size);
        assertThrows(ProtocolException.class, () -> codec.decode(changed));
    }

    private void roundTrip(SspMessage message) throws ProtocolException {
        byte[] wire = codec.encode(message);
        assertEquals(message.length(), wire.length);
        assertEquals(message.length(), (wire[2] & 0xFF) << 8 | (wire[3] & 0xFF), "Length field");
        assertEquals(message.type().value(), wire[0]);
        SspMessage decoded = codec.decode(wire);
        assertEquals(message, decoded);
        assertEquals(message.hashCode(), decoded.hashCode());
        assertArrayEquals(wire, codec.encode(decoded));
    }

    @Provide
    Arbitrary<String> infos() {
        return Arbitraries.strings().withCharRange((char) 1, (char) 0x7F).ofMaxLength(SspCodec.MAX_INFO);
    }

    @Provide
    Arbitrary<byte[]> data() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(2, largeData(65, SspCodec.MAX_CHUNK)),
                Tuple.of(1, largeData(SspCodec.MAX_DATA - 8, SspCodec.MAX_DATA)));
    }

    /** Large arrays are filled in one go; shrinking them byte by byte would be slow and pointless. */
    private static Arbitrary<byte[]> largeData(int minSize, int maxSize) {
        return Arbitraries.randomValue(random -> {
            byte[] bytes = new byte[minSize + random.nextInt(maxSize - minSize + 1)];
            random.nextBytes(bytes);
            return bytes;
        }).withoutEdgeCases();
    }

    @Provide
    Arbitrary<OptionalInt> optionalStatus() {
        return Arbitraries.integers().injectNull(0.3)
                .map(s -> s == null ? OptionalInt.empty() : OptionalInt.of(s));
    }

    @Provide
    Arbitrary<byte[]> hashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Environment.HASH_LENGTH);
    }

    @Provide
    Arbitrary<SspMessage> messages() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers(), infos()).as(NotReady::new),
                infos().map(Ready::new),
                data().map(Upload::new),
                data().map(Download::new),
                Arbitraries.just(new KeepAlive()),
                optionalStatus().map(KeepAliveAck::new),
                Arbitraries.integers().map(Status::new),
                Combinators.combine(hashes(), Arbitraries.of(true, false)).as(Environment::new));
    }
}
