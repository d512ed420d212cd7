package org.raypool.asap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.raypool.transport.Transport;
import org.raypool.wire.asap.AsapMessage;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointKeepAlive;
import org.raypool.wire.asap.EndpointKeepAliveAck;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TransportParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool element's registration (docs/protocol/registrar-behaviour.md §6.2, §6.3): registers, re-registers every
 * interval and at once when its load moves by 1 % or more, re-registers with whichever registrar it reaches after
 * losing one, answers Endpoint Keep-Alives and deregisters on close. Registration Life is three re-registration
 * intervals.
 */
public final class PoolElementRegistration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolElementRegistration.class);
    private static final long LOAD_STEP = PoolMemberSelectionPolicy.MAX_FRACTION / 100;

    private final PoolHandle poolHandle;
    private final int identifier;
    private final Function<List<InetSocketAddress>, TransportParameter> userTransport;
    private final Duration reregistrationInterval;
    private final AsapInstance asap;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile PoolMemberSelectionPolicy policy;
    private volatile long reportedLoad = -1;
    private volatile boolean registered;

    /**
     * @param userTransport builds the transport PUs use to reach us from the local addresses of the registrar
     *                      association (the addresses the registrar will accept,
     *                      docs/protocol/registrar-behaviour.md §3.2)
     */
    public PoolElementRegistration(AsapClientConfig config, Transport transport, PoolHandle poolHandle, int identifier,
            Function<List<InetSocketAddress>, TransportParameter> userTransport, PoolMemberSelectionPolicy policy,
            Duration reregistrationInterval) {
        this.poolHandle = poolHandle;
        this.identifier = identifier;
        this.userTransport = userTransport;
        this.policy = policy;
        this.reregistrationInterval = reregistrationInterval;
        this.asap = new AsapInstance(config, transport, true, new AsapInstance.Listener() {
            @Override
            public void onKeepAlive(EndpointKeepAlive keepAlive) {
                answer(keepAlive);
            }

            @Override
            public void onRegistrarConnected(int registrarIdentifier) {
                if (registered) reregister("new registrar association");
            }

            @Override
            public Optional<AsapMessage> opening() {
                return Optional.of(new HandleResolution(poolHandle, Optional.empty()));
            }
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, String.format("pe-0x%08x-rereg", identifier));
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers and waits for the registrar's answer.
     *
     * @throws NoRegistrarException when no registrar could be reached
     * @throws IOException when the registrar rejected the registration (the message says why)
     */
    public void register(Duration timeout) throws IOException, InterruptedException {
        asap.start();
        RegistrationResponse response = await(send(), timeout);
        if (response.isFailure()) {
            throw new IOException("registrar rejected pool element " + hex(identifier) + " in pool '" + poolHandle
                    + "': " + response.error().map(OperationError::describe).orElse("R bit set"));
        }
        registered = true;
        long interval = reregistrationInterval.toMillis();
        timer.scheduleWithFixedDelay(() -> reregister("interval"), interval, interval, TimeUnit.MILLISECONDS);
        log.info("pool element {} registered in pool '{}' with {}", hex(identifier), poolHandle, policy);
    }

    /** New policy values (usually the load); re-registers now when an adaptive policy's load moved by >= 1 %. */
    public void updatePolicy(PoolMemberSelectionPolicy newPolicy) {
        policy = newPolicy;
        if (!newPolicy.has(PolicyType.Word.LOAD)) return;
        long load = newPolicy.word(PolicyType.Word.LOAD);
        if (registered && Math.abs(load - reportedLoad) >= LOAD_STEP) reregister("load change");
    }

    public PoolMemberSelectionPolicy policy() {
        return policy;
    }

    public int identifier() {
        return identifier;
    }

    /** The home registrar association, empty while there is none. */
    public java.util.Optional<RegistrarConnection> registrar() {
        return asap.connection();
    }

    private CompletableFuture<RegistrationResponse> send() {
        PoolMemberSelectionPolicy p = policy;
        if (p.has(PolicyType.Word.LOAD)) reportedLoad = p.word(PolicyType.Word.LOAD);
        return asap.request(local -> new Registration(poolHandle, new PoolElement(identifier, asap.registrarIdentifier(),
                        3 * reregistrationInterval.toMillis(), userTransport.apply(local), p)),
                m -> m instanceof RegistrationResponse r && r.poolHandle().equals(poolHandle)
                        && r.peIdentifier() == identifier)
                .thenApply(RegistrationResponse.class::cast);
    }

    /** Re-registration does not block anybody (RSPLIB sends it without waiting); errors are logged. */
    private void reregister(String why) {
        if (!inFlight.compareAndSet(false, true)) return;
        log.debug("pool element {} re-registers ({})", hex(identifier), why);
        send().whenComplete((response, failure) -> {
            inFlight.set(false);
            if (failure != null) {
                log.warn("re-registration of pool element {} failed: {}", hex(identifier), failure.getMessage());
            } else if (response.isFailure()) {
                int cause = response.error().map(e -> e.firstCode()).orElse(0);
                log.warn("registrar rejected the re-registration of pool element {}: {}{}", hex(identifier),
                        response.error().map(OperationError::describe).orElse("R bit"),
                        cause == ErrorCause.RSPLIB_NO_USABLE_USER_ADDRESSES ? " (our addresses are below the "
                                + "registrar's --min-address-scope)" : "");
            }
        });
    }

    private void answer(EndpointKeepAlive keepAlive) {
        boolean ours = keepAlive.poolHandle().equals(poolHandle)
                && (keepAlive.peIdentifier().isEmpty() || keepAlive.peIdentifier().getAsInt() == identifier);
        if (ours) asap.send(new EndpointKeepAliveAck(poolHandle, identifier));
    }

    /** Deregisters (waiting up to {@code timeout} for the answer) and stops. */
    public void deregister(Duration timeout) {
        timer.shutdownNow();
        if (registered) {
            registered = false;
            try {
                await(asap.request(new Deregistration(poolHandle, identifier),
                        m -> m instanceof DeregistrationResponse r && r.peIdentifier() == identifier), timeout);
                log.info("pool element {} deregistered from pool '{}'", hex(identifier), poolHandle);
            } catch (IOException e) {
                log.warn("deregistration of pool element {} failed: {}", hex(identifier), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        deregister(Duration.ofSeconds(3));
        asap.close();
    }

    private static <T extends AsapMessage> T await(CompletableFuture<T> future, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NoRegistrarException("no answer from a registrar within " + timeout.toMillis() + " ms");
        }
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }
}
