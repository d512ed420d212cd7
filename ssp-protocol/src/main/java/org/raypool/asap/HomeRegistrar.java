package org.raypool.asap;

import java.util.Optional;

/**
 * A pool element's home registrar association (docs/protocol/registrar-behaviour.md §6.3, RFC 5352 §3.5): the one its
 * hunt made, or the one on which a registrar that took it over sent an Endpoint Keep-Alive with the H bit. No clock,
 * no locks, no I/O: events and the time in, a {@link Step} out; the caller carries it out.
 *
 * @param <A> the association type
 */
public final class HomeRegistrar<A> {

    /** What the caller does after an event. */
    public enum Action {
        /** The association is the home now: send the queued requests on it, register there. */
        ADOPT,
        /** A takeover: the association is the new home; close {@link Step#release()}, ack, re-register there. */
        MOVE,
        /** A keep-alive on the home association: ack it. */
        ACK,
        /** The home association is gone: hunt. */
        HUNT,
        /** Close the association: a home exists already. */
        CLOSE,
        /** Nothing to do (H = 0 on an association that is not the home, or a non-home association ended). */
        IGNORE
    }

    /**
     * @param action         what to do
     * @param release        the association to close (the old home after {@link Action#MOVE})
     * @param homelessMillis how long there had been no home before this step made one, else 0
     */
    public record Step<A>(Action action, Optional<A> release, long homelessMillis) {
        static <A> Step<A> of(Action action) {
            return new Step<>(action, Optional.empty(), 0);
        }
    }

    private A home;
    private int identifier;
    private long homelessSince;

    /** @param nowMillis the start: there is no home yet */
    public HomeRegistrar(long nowMillis) {
        this.homelessSince = nowMillis;
    }

    /** A hunt connected {@code association} to the registrar {@code registrarIdentifier} (0: not known yet). */
    public Step<A> connected(A association, int registrarIdentifier, long nowMillis) {
        if (home != null && home != association) return Step.of(Action.CLOSE);
        return new Step<>(Action.ADOPT, Optional.empty(), become(association, registrarIdentifier, nowMillis));
    }

    /** An Endpoint Keep-Alive from {@code serverIdentifier}, with the H bit or without, came on {@code association}. */
    public Step<A> keepAlive(A association, boolean homeBit, int serverIdentifier, long nowMillis) {
        if (association == home) {
            identifier = serverIdentifier;
            return Step.of(Action.ACK);
        }
        if (!homeBit) return Step.of(Action.IGNORE);
        Optional<A> old = Optional.ofNullable(home);
        return new Step<>(Action.MOVE, old, become(association, serverIdentifier, nowMillis));
    }

    /** {@code association} ended. */
    public Step<A> lost(A association, long nowMillis) {
        if (association != home) return Step.of(Action.IGNORE);
        home = null;
        homelessSince = nowMillis;
        return Step.of(Action.HUNT);
    }

    private long become(A association, int registrarIdentifier, long nowMillis) {
        long homeless = home == null ? Math.max(0, nowMillis - homelessSince) : 0;
        home = association;
        identifier = registrarIdentifier;
        return homeless;
    }

    public Optional<A> home() {
        return Optional.ofNullable(home);
    }

    /** The home registrar's identifier, 0 while unknown or while there is no home. */
    public int identifier() {
        return home == null ? 0 : identifier;
    }
}
