package org.raypool.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;

/**
 * A raw ASAP peer for tests: one association to a registrar, messages sent as they are and every answer queued, so a
 * test can play a pool element or an attacker byte by byte.
 */
public final class AsapPeer implements AssociationListener, AutoCloseable {
    public final BlockingQueue<AsapMessage> received = new LinkedBlockingQueue<>();
    public final BlockingQueue<CommLost> lost = new LinkedBlockingQueue<>();
    public final Association association;

    private AsapPeer(Transport transport, InetSocketAddress registrar) throws IOException {
        association = transport.connect(List.of(registrar), Protocol.ASAP, this, Duration.ofSeconds(5));
    }

    public static AsapPeer connect(Transport transport, InetSocketAddress registrar) throws IOException {
        return new AsapPeer(transport, registrar);
    }

    public InetAddress local() {
        return association.localAddresses().get(0).getAddress();
    }

    public void send(AsapMessage m) throws IOException {
        association.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(m));
    }

    public AsapMessage next(Duration timeout) throws InterruptedException {
        AsapMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) throw new AssertionError("no ASAP message within " + timeout);
        return m;
    }

    /**
     * The issue-15 attack message: {@code message} padded to 64 KiB with empty parameters of unknown types whose
     * action bits say "skip, report" (RFC 5351 §2.2: 0xC000 and up).
     */
    public static byte[] withUnknownParameters(byte[] message) {
        return withUnknownParameters(message, (65_535 - message.length) / 4);
    }

    /** {@code message} followed by {@code count} such parameters. */
    public static byte[] withUnknownParameters(byte[] message, int count) {
        ByteBuffer b = ByteBuffer.allocate(message.length + 4 * count);
        b.put(message);
        for (int i = 0; i < count; i++) b.putShort((short) (0xCF00 + i % 200)).putShort((short) 4);
        b.putShort(2, (short) b.capacity());
        return b.array();
    }

    @Override
    public void onMessage(Association a, Protocol protocol, ByteBuffer message) {
        try {
            received.add(AsapCodec.INSTANCE.decode(message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void onCommLost(Association a, CommLost reason) {
        lost.add(reason);
    }

    @Override
    public void close() {
        association.abort();
    }
}
