package org.raypool.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.EnrpMessage;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.ServerInformation;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * A scripted ENRP peer over TCP: sends what the test says and collects what the registrar sends it. Also the
 * attacker of the ENRP admission tests (a registrar's unit tests and farm-submit's ITs).
 */
public final class FakeEnrpPeer implements AutoCloseable {
    public final int id;
    private final Association association;
    private final BlockingQueue<EnrpMessage> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-peer-heartbeat");
        t.setDaemon(true);
        return t;
    });
    public volatile PeChecksum checksum = PeChecksum.EMPTY;

    public FakeEnrpPeer(int id, InetSocketAddress registrar) throws IOException {
        this.id = id;
        this.association = Transports.forName("tcp").connect(List.of(registrar), Protocol.ENRP, new AssociationListener() {
            @Override
            public void onMessage(Association a, Protocol protocol, ByteBuffer message) {
                try {
                    inbox.add(EnrpCodec.INSTANCE.decode(message));
                } catch (ProtocolException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onCommLost(Association a, CommLost reason) {}
        }, Duration.ofSeconds(5));
    }

    public Presence presence(int receiver, boolean replyRequired) {
        InetSocketAddress local = association.localAddresses().get(0);
        return new Presence(id, receiver, replyRequired, checksum, new ServerInformation(id,
                new TcpTransport(local.getPort(), TransportUse.DATA_ONLY, local.getAddress())));
    }

    /**
     * A PE as a peer announces it: user transport {@code address}:41000, ASAP transport {@code address}:41001,
     * round robin.
     */
    public static PoolElement poolElement(int id, int home, long registrationLife, String address)
            throws java.net.UnknownHostException {
        java.net.InetAddress ip = java.net.InetAddress.getByName(address);
        return new PoolElement(id, home, registrationLife, new TcpTransport(41000, TransportUse.DATA_PLUS_CONTROL, ip),
                PoolMemberSelectionPolicy.roundRobin()).withAsapTransport(new TcpTransport(41001, TransportUse.DATA_ONLY, ip));
    }

    public void send(EnrpMessage m) throws IOException {
        association.send(Protocol.ENRP, EnrpCodec.INSTANCE.encode(m));
    }

    /** Keeps the registrar hearing from us. */
    public void heartbeat(Duration every) {
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                send(presence(0, false));
            } catch (IOException e) {
                // the test ends or the registrar went away
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stopHeartbeat() {
        heartbeat.shutdownNow();
    }

    /** The next message of {@code type} that {@code accept}s, skipping others; fails after 10 s. */
    public <T extends EnrpMessage> T expect(Class<T> type, Predicate<T> accept) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            EnrpMessage m = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
            if (type.isInstance(m) && accept.test(type.cast(m))) return type.cast(m);
        }
    }

    public <T extends EnrpMessage> T expect(Class<T> type) throws InterruptedException {
        return expect(type, m -> true);
    }

    /** Nothing of {@code type} for {@code quiet}. */
    public <T extends EnrpMessage> void expectNo(Class<T> type, Predicate<T> accept, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            EnrpMessage m = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) return;
            if (type.isInstance(m) && accept.test(type.cast(m))) throw new AssertionError("unexpected " + m);
        }
    }

    public void clear() {
        inbox.clear();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        association.abort();
    }
}
