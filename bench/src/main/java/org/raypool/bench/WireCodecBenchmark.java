package org.raypool.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TransportUse;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Upload;

/**
 * Encode + decode of the two messages that dominate the farm's traffic: a Handle Resolution Response with 16
 * pool elements (each two addresses) and a full 16 KiB SSP Upload. The baseline {@code copy*} benchmarks move
 * the same bytes through a plain buffer copy in the same run: the ceiling any codec could reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBenchmark {
    private HandleResolutionResponse response;
    private byte[] responseBytes;
    private Upload upload;
    private byte[] uploadBytes;
    private ByteBuffer scratch;

    @Setup
    public void setUp() throws UnknownHostException {
        List<PoolElement> elements = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SctpTransport user = SctpTransport.of(40000 + i, TransportUse.DATA_PLUS_CONTROL,
                    InetAddress.getByName("10.1.0." + (i + 1)), InetAddress.getByName("2001:db8::" + (i + 1)));
            elements.add(new PoolElement(0x1000 + i, 0x36acceb7, 90_000, user,
                    PoolMemberSelectionPolicy.leastUsedDegradation(0x10000000L * (i % 8), 0x80000000L)));
        }
        response = HandleResolutionResponse.success(PoolHandle.fromString("ScriptingPool"), elements);
        responseBytes = AsapCodec.INSTANCE.encode(response);
        byte[] data = new byte[SspCodec.MAX_CHUNK];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        upload = new Upload(data);
        uploadBytes = SspCodec.INSTANCE.encode(upload);
        scratch = ByteBuffer.allocate(65536);
    }

    @Benchmark
    public AsapMessage handleResolutionResponse16() throws ProtocolException {
        return AsapCodec.INSTANCE.decode(ByteBuffer.wrap(AsapCodec.INSTANCE.encode(response)));
    }

    @Benchmark
    public SspMessage sspUpload16k() throws ProtocolException {
        return SspCodec.INSTANCE.decode(ByteBuffer.wrap(SspCodec.INSTANCE.encode(upload)));
    }

    /** Baseline: copying the encoded response twice (an encode and a decode that did nothing but copy). */
    @Benchmark
    public ByteBuffer copyHandleResolutionResponse16() {
        return copyTwice(responseBytes);
    }

    @Benchmark
    public ByteBuffer copySspUpload16k() {
        return copyTwice(uploadBytes);
    }

    private ByteBuffer copyTwice(byte[] bytes) {
        scratch.clear();
        scratch.put(bytes).flip();
        byte[] back = new byte[bytes.length];
        scratch.get(back);
        return ByteBuffer.wrap(back);
    }
}
