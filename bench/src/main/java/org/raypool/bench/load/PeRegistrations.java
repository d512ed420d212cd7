package org.raypool.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.EndpointKeepAliveAck;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * The pool elements of the benchmark, registered by hand over a few ASAP associations of the project's TCP
 * transport (as AsapServerTest's RawPeer does): PE {@code i} (1..n) goes over association {@code i % a}. The
 * associations stay open for the whole run and answer the registrar's Endpoint Keep-Alives, so the PEs stay
 * registered; closing them removes the PEs (docs/protocol/registrar-behaviour.md §3.7).
 */
final class PeRegistrations implements AutoCloseable {

    /** Registration figures of one pass over all PEs. */
    record Pass(int registrations, long nanos, Histogram latency) {
        double perSecond() {
            return registrations * 1e9 / nanos;
        }
    }

    private final PoolHandle pool;
    private final PoolMemberSelectionPolicy policy;
    private final int elements;
    private final List<Peer> peers = new ArrayList<>();
    private final AtomicLong keepAlivesAnswered = new AtomicLong();

    PeRegistrations(InetSocketAddress registrar, PoolHandle pool, PoolMemberSelectionPolicy policy, int elements,
                    int associations) throws IOException {
        this(registrar, Transports.forName("tcp"), pool, policy, elements, associations);
    }

    /** Over {@code transport}, e.g. mutual TLS with a worker's certificate. */
    PeRegistrations(InetSocketAddress registrar, Transport transport, PoolHandle pool, PoolMemberSelectionPolicy policy,
                    int elements, int associations) throws IOException {
        this.pool = pool;
        this.policy = policy;
        this.elements = elements;
        try {
            for (int i = 0; i < associations; i++) {
                Peer peer = new Peer();
                peer.association = transport.connect(List.of(registrar), Protocol.ASAP, peer,
                        Duration.ofSeconds(5));
                peers.add(peer);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    long keepAlivesAnswered() {
        return keepAlivesAnswered.get();
    }

    /** Registers (or, the second time, re-registers) every PE: each association in its own thread, one at a time. */
    Pass registerAll() throws IOException, InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < peers.size(); a++) {
            Peer peer = peers.get(a);
            Histogram h = new Histogram(3);
            histograms.add(h);
            int first = a;
            Thread t = new Thread(() -> {
                try {
                    for (int id = first + 1; id <= elements; id += peers.size()) peer.register(id, h);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "register-" + a);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) throw new IOException("registration failed: " + failure.get(), failure.get());
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Pass(elements, nanos, all);
    }

    private PoolElement element(int id, InetAddress address) {
        return new PoolElement(id, 0, 30_000, new TcpTransport(20_000 + id % 40_000, TransportUse.DATA_PLUS_CONTROL,
                address), policy);
    }

    @Override
    public void close() {
        for (Peer peer : peers) if (peer.association != null) peer.association.abort();
    }

    private final class Peer implements AssociationListener {
        final BlockingQueue<RegistrationResponse> responses = new LinkedBlockingQueue<>();
        volatile Association association;

        void register(int id, Histogram latency) throws IOException, InterruptedException {
            InetAddress local = association.localAddresses().get(0).getAddress();
            byte[] message = AsapCodec.INSTANCE.encode(new Registration(pool, element(id, local)));
            long t0 = System.nanoTime();
            association.send(Protocol.ASAP, message);
            RegistrationResponse r = responses.poll(10, TimeUnit.SECONDS);
            latency.recordValue(System.nanoTime() - t0);
            if (r == null) throw new IOException("no Registration Response for PE " + id + " within 10 s");
            if (r.isFailure() || r.peIdentifier() != id) {
                throw new IOException("PE " + id + " not registered: " + r);
            }
        }

        @Override
        public void onMessage(Association a, Protocol protocol, ByteBuffer bytes) {
            AsapMessage m;
            try {
                m = AsapCodec.INSTANCE.decode(bytes);
            } catch (Exception e) {
                System.err.println("registrar-load: undecodable message on " + a.id() + ": " + e);
                return;
            }
            if (m instanceof RegistrationResponse r) {
                responses.add(r);
            } else if (m instanceof EndpointKeepAlive k && k.peIdentifier().isPresent()) {
                try {
                    a.send(Protocol.ASAP, AsapCodec.INSTANCE.encode(
                            new EndpointKeepAliveAck(k.poolHandle(), k.peIdentifier().getAsInt())));
                    keepAlivesAnswered.incrementAndGet();
                } catch (IOException e) {
                    System.err.println("registrar-load: keep-alive ack failed on " + a.id() + ": " + e);
                }
            } else {
                System.err.println("registrar-load: unexpected " + m.type() + " on " + a.id());
            }
        }

        @Override
        public void onCommLost(Association a, CommLost reason) {
            if (reason.cause() != CommLost.Cause.LOCAL_ABORT && reason.cause() != CommLost.Cause.LOCAL_CLOSE) {
                System.err.println("registrar-load: PE association " + a.id() + " lost: " + reason);
            }
        }
    }
}
