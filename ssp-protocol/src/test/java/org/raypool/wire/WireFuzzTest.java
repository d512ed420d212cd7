package org.raypool.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.BusinessCard;
import org.raypool.wire.asap.CookieEcho;
import org.raypool.wire.asap.CookieMessage;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.asap.ServerAnnounce;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpError;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.ListResponse;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.param.Cookie;
import org.raypool.wire.param.DccpTransport;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;
import org.raypool.wire.param.UdpLiteTransport;
import org.raypool.wire.param.UdpTransport;

/**
 * Feeds the ASAP and ENRP decoders random bytes and mutations of every vector (and a few extra seeds covering the
 * message types docs/protocol/asap-enrp-wire.md §9 lacks). Every input must decode or throw ProtocolException; a
 * successful decode must re-encode to something that decodes to an equal record. {@code -Draypool.fuzz.iterations=N}
 * sets the input count per decoder (default 1,000,000 each, so 2,000,000 in all), {@code -Draypool.fuzz.seed=S} the
 * seed; input i is reproducible from (seed, i) alone.
 */
class WireFuzzTest {
    private static final long DEFAULT_SEED = 0x5241_5950_4F4F_4CL;
    private static final int[] INTERESTING = {0x00, 0x01, 0x03, 0x04, 0x3F, 0x40, 0x7F, 0x80, 0xC0, 0xFF};

    private enum Codec { ASAP, ENRP }

    private record Input(Codec codec, byte[] bytes) {
    }

    private final List<byte[]> asapSeeds = new ArrayList<>();
    private final List<byte[]> enrpSeeds = new ArrayList<>();

    @Test
    void decodersSurviveRandomAndMutatedInput() throws Exception {
        long iterations = 2 * Long.getLong("raypool.fuzz.iterations", 1_000_000L);
        long seed = Long.decode(System.getProperty("raypool.fuzz.seed", Long.toString(DEFAULT_SEED)));
        SpecVectors.ASAP_MESSAGES.forEach(h -> asapSeeds.add(Hex.parse(h)));
        SpecVectors.ENRP_MESSAGES.forEach(h -> enrpSeeds.add(Hex.parse(h)));
        addExtraSeeds();
        System.out.printf("WireFuzzTest: seed=0x%x (-Draypool.fuzz.seed=...), iterations=%d, %d ASAP + %d ENRP seeds%n",
                seed, iterations, asapSeeds.size(), enrpSeeds.size());

        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicLong decoded = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            Thread w = new Thread(() -> {
                long ok = 0;
                for (long i = first; i < iterations && failure.get() == null; i += threads) {
                    Input in = input(seed, i);
                    String problem = check(in);
                    if (problem == null) {
                        ok++;
                    } else if (!problem.isEmpty()) {
                        failure.compareAndSet(null, String.format("input %d (seed 0x%x), %s decoder, %d bytes:%n%s%n%s",
                                i, seed, in.codec(), in.bytes().length, Hex.format(in.bytes()), problem));
                    }
                }
                decoded.addAndGet(ok);
                cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }, "wire-fuzz-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            fail(failure.get());
        }
        System.out.printf("WireFuzzTest: %d inputs in %.1f s wall, %.1f s CPU on %d thread(s), %d decoded, %d rejected%n",
                iterations, seconds, cpuNanos.get() / 1e9, threads, decoded.get(), iterations - decoded.get());
        if (iterations >= 100_000) {
            assertTrue(decoded.get() > iterations / 50, "mutations should often stay decodable: " + decoded.get());
        }
    }

    /** {@code null}: decoded and round-tripped; "": rejected with ProtocolException; otherwise a failure. */
    private static String check(Input in) {
        try {
            if (in.codec() == Codec.ASAP) {
                var first = AsapCodec.INSTANCE.decodeReporting(in.bytes()).message();
                byte[] again = AsapCodec.INSTANCE.encode(first);
                var second = AsapCodec.INSTANCE.decode(again);
                if (!first.equals(second) || again.length % 4 != 0) {
                    return "re-encoding changed the record:\n" + first + "\n" + second + "\n" + Hex.format(again);
                }
                nestedCauses(first).forEach(ErrorCause::parameter);
            } else {
                var first = EnrpCodec.INSTANCE.decodeReporting(in.bytes()).message();
                byte[] again = EnrpCodec.INSTANCE.encode(first);
                var second = EnrpCodec.INSTANCE.decode(again);
                if (!first.equals(second) || again.length % 4 != 0) {
                    return "re-encoding changed the record:\n" + first + "\n" + second + "\n" + Hex.format(again);
                }
                if (first instanceof EnrpError e) {
                    e.error().causes().forEach(ErrorCause::parameter);
                }
            }
            return null;
        } catch (ProtocolException e) {
            return "";
        } catch (Throwable t) {
            StringWriter s = new StringWriter();
            t.printStackTrace(new PrintWriter(s));
            return s.toString();
        }
    }

    private static List<ErrorCause> nestedCauses(Object m) {
        Optional<OperationError> e = Optional.empty();
        if (m instanceof AsapError x) {
            e = Optional.of(x.error());
        } else if (m instanceof RegistrationResponse x) {
            e = x.error();
        } else if (m instanceof DeregistrationResponse x) {
            e = x.error();
        } else if (m instanceof HandleResolutionResponse x) {
            e = x.error();
        }
        return e.map(OperationError::causes).orElse(List.of());
    }

    // ------------------------------------------------------------ input generation

    private Input input(long seed, long i) {
        SplittableRandom r = new SplittableRandom(seed ^ (i * 0x9E37_79B9_7F4A_7C15L));
        Codec codec = (i & 1) == 0 ? Codec.ASAP : Codec.ENRP;
        if (r.nextInt(100) < 15) {
            return new Input(codec, randomBytes(r, codec));
        }
        List<byte[]> pool = (codec == Codec.ASAP) == (r.nextInt(10) != 0) ? asapSeeds : enrpSeeds;
        byte[] b = pool.get(r.nextInt(pool.size()));
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            b = mutate(r, b, pool);
        }
        if (b.length >= 4 && r.nextInt(100) < 60) {
            b = b.clone();
            int len = Math.min(b.length, 0xFFFF);
            b[2] = (byte) (len >>> 8);
            b[3] = (byte) len;
        }
        return new Input(codec, b);
    }

    private static byte[] randomBytes(SplittableRandom r, Codec codec) {
        byte[] b = new byte[r.nextInt(49)];
        r.nextBytes(b);
        if (b.length >= 4 && r.nextBoolean()) {
            b[0] = (byte) (1 + r.nextInt(codec == Codec.ASAP ? 14 : 10));
            b[2] = (byte) (b.length >>> 8);
            b[3] = (byte) b.length;
        }
        return b;
    }

    private static byte[] mutate(SplittableRandom r, byte[] in, List<byte[]> pool) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt(256)};
        }
        byte[] b = in.clone();
        switch (r.nextInt(14)) {
            case 0:
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return b;
            case 1:
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                return b;
            case 2:
                b[r.nextInt(b.length)] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
                return b;
            case 3:
                return Arrays.copyOf(b, r.nextInt(b.length));
            case 4: {
                byte[] longer = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) r.nextInt(256);
                }
                return longer;
            }
            case 5:
                // A TLV Length field (TLVs start on 4-byte boundaries).
                return setLength(r, b, alignedOffset(r, b) + 2);
            case 6:
                return setLength(r, b, 2);
            case 7: {
                byte[] other = pool.get(r.nextInt(pool.size()));
                int cut = alignedOffset(r, b);
                int from = alignedOffset(r, other);
                byte[] spliced = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, spliced, cut, other.length - from);
                return spliced;
            }
            case 8: {
                int a = alignedOffset(r, b);
                int n = Math.min(b.length - a, 4 * (1 + r.nextInt(16)));
                return insert(b, alignedOffset(r, b), Arrays.copyOfRange(b, a, a + n));
            }
            case 9: {
                int a = alignedOffset(r, b);
                int n = Math.min(b.length - a, 4 * (1 + r.nextInt(8)));
                byte[] shorter = new byte[b.length - n];
                System.arraycopy(b, 0, shorter, 0, a);
                System.arraycopy(b, a + n, shorter, a, b.length - a - n);
                return shorter;
            }
            case 10:
                return insert(b, alignedOffset(r, b), randomTlv(r, (r.nextInt(4) << 14) | r.nextInt(0x4000)));
            case 11:
                b[0] = (byte) r.nextInt(16);
                return b;
            case 12: {
                int at = alignedOffset(r, b);
                if (at + 2 <= b.length) {
                    int type = knownType(r) | (r.nextInt(4) << 14);
                    b[at] = (byte) (type >>> 8);
                    b[at + 1] = (byte) type;
                }
                return b;
            }
            default:
                return insert(b, alignedOffset(r, b), randomTlv(r, knownType(r)));
        }
    }

    private static int knownType(SplittableRandom r) {
        return r.nextInt(17) == 0 ? 0x3F : 1 + r.nextInt(15);
    }

    private static int alignedOffset(SplittableRandom r, byte[] b) {
        return 4 * r.nextInt(b.length / 4 + 1);
    }

    private static byte[] setLength(SplittableRandom r, byte[] b, int at) {
        if (at + 2 > b.length) {
            return b;
        }
        int old = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        int v;
        switch (r.nextInt(4)) {
            case 0:
                v = old + r.nextInt(9) - 4;
                break;
            case 1:
                v = r.nextInt(b.length + 9);
                break;
            case 2:
                v = INTERESTING[r.nextInt(INTERESTING.length)] * 0x101;
                break;
            default:
                v = r.nextInt(0x10000);
        }
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
        return b;
    }

    private static byte[] randomTlv(SplittableRandom r, int type) {
        int valueLength = r.nextInt(25);
        byte[] t = new byte[(4 + valueLength + 3) & ~3];
        r.nextBytes(t);
        t[0] = (byte) (type >>> 8);
        t[1] = (byte) type;
        t[2] = 0;
        t[3] = (byte) (4 + valueLength);
        for (int i = 4 + valueLength; i < t.length; i++) {
            t[i] = 0;
        }
        return t;
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

    /** Message types and parameters docs/protocol/asap-enrp-wire.md §9 has no vector for. */
    private void addExtraSeeds() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.1.2.3");
        InetAddress v6 = InetAddress.getByName("2001:db8::7");
        PoolHandle ph = PoolHandle.fromString("EchoPool");
        PoolElement udp = new PoolElement(1, 2, 3, new UdpTransport(7, v4),
                PoolMemberSelectionPolicy.parse("WeightedRandomDPF:5:0.5"));
        PoolElement dccp = new PoolElement(4, 5, 6, new DccpTransport(9, 0x1234L, v6),
                PoolMemberSelectionPolicy.parse("LeastUsedDegradationDPF:0.1:0.2"));
        PoolElement liteWithAsap = new PoolElement(7, 8, 9, new UdpLiteTransport(11, v6),
                PoolMemberSelectionPolicy.parse("Priority:3")).withAsapTransport(SctpTransport.of(12,
                TransportUse.DATA_ONLY, v4, v6));
        OperationError errors = OperationError.of(ErrorCause.withParameter(ErrorCause.INVALID_VALUES, ph),
                ErrorCause.of(ErrorCause.UNKNOWN_POOL_HANDLE), new ErrorCause(0xF008, new byte[] {1, 2, 3}));
        Cookie cookie = new Cookie("state:42".getBytes());
        AsapCodec a = AsapCodec.INSTANCE;
        asapSeeds.add(a.encode(new BusinessCard(ph, Optional.of(udp.policy()), List.of(udp, dccp))));
        asapSeeds.add(a.encode(new CookieMessage(cookie)));
        asapSeeds.add(a.encode(new CookieEcho(new Cookie(new byte[] {9}))));
        asapSeeds.add(a.encode(new AsapError(errors)));
        asapSeeds.add(a.encode(HandleResolutionResponse.success(ph, List.of(udp, dccp, liteWithAsap))));
        asapSeeds.add(a.encode(ServerAnnounce.of(3, SctpTransport.of(1, TransportUse.DATA_ONLY, v4, v6),
                new UdpLiteTransport(2, v4), new TcpTransport(3, TransportUse.DATA_PLUS_CONTROL, v6))));
        asapSeeds.add(a.encode(RegistrationResponse.rejected(ph, 77, errors)));
        EnrpCodec e = EnrpCodec.INSTANCE;
        enrpSeeds.add(e.encode(new EnrpError(1, 2, errors)));
        enrpSeeds.add(e.encode(new HandleTableResponse(1, 2, false, true, List.of(new PoolEntry(ph, liteWithAsap),
                new PoolEntry(ph, udp.withAsapTransport(new TcpTransport(5, TransportUse.DATA_ONLY, v4)))))));
        enrpSeeds.add(e.encode(new ListResponse(1, 2, true, List.of(new ServerInformation(3,
                new TcpTransport(9901, TransportUse.DATA_ONLY, v4)), new ServerInformation(4,
                SctpTransport.of(9901, TransportUse.DATA_ONLY, v6, v4))))));
    }
}
