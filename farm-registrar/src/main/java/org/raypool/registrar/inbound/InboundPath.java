package org.raypool.registrar.inbound;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.registrar.EventLoop;
import org.raypool.transport.AddressQuota;
import org.raypool.transport.AddressSpec;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.wire.Protocol;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's one inbound path for ASAP and ENRP (docs/protocol/registrar-behaviour.md §3.9): associations per
 * source address, decode ({@link InboundDecoder}), the one Error reply per message, hand-off to the
 * {@link EventLoop}, the per-message {@link Admission} there (rate limits, the role rule), and only then the
 * protocol's server. Every decision is made by a pure class of this package; this class only wires them to the
 * transport.
 *
 * @param <M> the protocol's message type
 */
public final class InboundPath<M> implements AssociationListener {
    private static final Logger log = LoggerFactory.getLogger(InboundPath.class);

    /** What the protocol's server does with admitted messages; {@link #message} and {@link #lost} run on the loop. */
    public interface Handler<M> {
        /** A new association, on the transport's thread (already within the address quota). */
        default void established(Association association) {}

        /** A decoded, admitted message; {@code receivedNanos} is {@link System#nanoTime()} at its arrival. */
        void message(Association association, M message, long receivedNanos);

        void lost(Association association, CommLost reason);
    }

    /** How a reply leaves: directly (ASAP, on the loop) or through a sender thread (ENRP). */
    @FunctionalInterface
    public interface Replier<M> {
        void reply(Association association, M message);
    }

    private final Protocol protocol;
    private final InboundDecoder<M> decoder;
    private final Function<OperationError, M> errorMessage;
    private final BiFunction<M, OperationError, M> refusal;
    private final Replier<M> replier;
    private final EventLoop loop;
    private final AddressQuota quota;
    private final Handler<M> handler;
    private final Map<Association, InetAddress> counted = new ConcurrentHashMap<>();
    private volatile Admission<M> admission = Admission.all();
    private volatile Function<Association, Optional<PeerIdentity>> identityOf = a -> Optional.empty();

    /**
     * @param errorMessage the protocol's Error message carrying an Operation Error (ASAP Error, ENRP Error)
     * @param refusal      the answer to a message the admission step refused: the response its sender waits for
     *                     (a rejected Registration Response, ...) or the protocol's Error
     * @param quota        associations per source address on this endpoint
     */
    public InboundPath(Protocol protocol, InboundDecoder<M> decoder, Function<OperationError, M> errorMessage,
            BiFunction<M, OperationError, M> refusal, Replier<M> replier, EventLoop loop, AddressQuota quota, Handler<M> handler) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.replier = Objects.requireNonNull(replier, "replier");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The admission step (rate limits, the role rule); set it before the endpoint listens.
     *
     * @param identityOf the association's verified peer identity ({@code Association::peerIdentity}); empty in open
     *                   mode
     */
    public void admission(Admission<M> admission, Function<Association, Optional<PeerIdentity>> identityOf) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.identityOf = Objects.requireNonNull(identityOf, "identityOf");
    }

    @Override
    public void onEstablished(Association association) {
        InetAddress source = source(association);
        if (source != null) {
            boolean admitted;
            synchronized (quota) {
                admitted = quota.acquire(source);
            }
            if (!admitted) {
                log.warn("{}: {} already holds the maximum number of {} associations; aborting this one",
                        association.id(), source.getHostAddress(), protocol);
                association.abort();
                return;
            }
            counted.put(association, source);
        }
        handler.established(association);
    }

    @Override
    public void onMessage(Association association, Protocol received, ByteBuffer bytes) {
        if (received != protocol) {
            log.warn("{}: {} message on the {} endpoint; aborting the association", association.id(), received,
                    protocol);
            association.abort();
            return;
        }
        long receivedNanos = System.nanoTime();
        Verdict<M> verdict = decoder.judge(bytes(bytes));
        if (verdict instanceof Verdict.Deliver<M> deliver) {
            onLoop(() -> admit(association, deliver.message(), receivedNanos));
            deliver.unrecognized().ifPresent(error -> replier.reply(association, errorMessage.apply(error)));
        } else if (verdict instanceof Verdict.Refuse<M> refuse) {
            log.warn("{}: malformed {} message from {}: {}", association.id(), protocol,
                    association.remoteAddresses(), refuse.reason());
            replier.reply(association, errorMessage.apply(refuse.error()));
        } else if (verdict instanceof Verdict.Drop<M> drop) {
            log.warn("{}: malformed {} message from {} (not answered): {}", association.id(), protocol,
                    association.remoteAddresses(), drop.reason());
        }
    }

    private void admit(Association association, M message, long receivedNanos) {
        Optional<PeerIdentity> identity = identityOf.apply(association);
        Optional<ErrorCause> refused = admission.check(identity, message);
        if (refused.isPresent()) {
            log.warn("{}: {} from {}{} refused: {}", association.id(), message.getClass().getSimpleName(),
                    identity.map(i -> i + " at ").orElse(""), association.remoteAddresses().isEmpty() ? "?"
                            : AddressSpec.format(association.remoteAddresses().get(0)),
                    refused.get().describe());
            replier.reply(association, refusal.apply(message, OperationError.of(refused.get())));
            return;
        }
        handler.message(association, message, receivedNanos);
    }

    @Override
    public void onCommLost(Association association, CommLost reason) {
        InetAddress source = counted.remove(association);
        if (source != null) {
            synchronized (quota) {
                quota.release(source);
            }
        }
        onLoop(() -> handler.lost(association, reason));
    }

    private static InetAddress source(Association association) {
        return association.remoteAddresses().isEmpty() ? null : association.remoteAddresses().get(0).getAddress();
    }

    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("registrar stopping: {} task dropped", protocol);
        }
    }

    /** The message's bytes; the transport's buffer is exactly the message, so usually its array as it is. */
    private static byte[] bytes(ByteBuffer message) {
        if (message.hasArray() && message.arrayOffset() == 0 && message.position() == 0
                && message.remaining() == message.array().length) {
            return message.array();
        }
        byte[] raw = new byte[message.remaining()];
        message.get(raw);
        return raw;
    }
}
