package org.raypool.asap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.raypool.transport.Transport;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool user's handle resolution (docs/protocol/registrar-behaviour.md §7) with RSPLIB's stale-cache rule: results are
 * kept for {@code staleCacheValue}; with 0 (the Scripting client's choice, and ours) every resolution asks the
 * registrar, so that its selection policy sees every request. Failure reports remove a PE from the cache and
 * go to the registrar as Endpoint Unreachable.
 */
public final class HandleResolver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandleResolver.class);

    private final AsapInstance asap;
    private final Duration staleCacheValue;
    private final Map<PoolHandle, Cached> cache = new HashMap<>();

    private record Cached(List<PoolElement> elements, long expiresAt, int next) {}

    public HandleResolver(AsapClientConfig config, Transport transport, Duration staleCacheValue) throws IOException {
        this.asap = new AsapInstance(config, transport, false, new AsapInstance.Listener() {}).start();
        this.staleCacheValue = staleCacheValue;
    }

    /**
     * Up to {@code items} pool elements of {@code poolHandle}, the first being the one to use.
     *
     * @throws UnknownPoolException when the registrar knows no such pool (or it is empty)
     * @throws NoRegistrarException when no registrar answered
     */
    public List<PoolElement> resolve(PoolHandle poolHandle, int items, Duration timeout)
            throws IOException, InterruptedException {
        List<PoolElement> cached = fromCache(poolHandle, items);
        if (!cached.isEmpty()) return cached;
        HandleResolution request = staleCacheValue.isZero() ? HandleResolution.of(poolHandle, items)
                : HandleResolution.of(poolHandle);
        CompletableFuture<HandleResolutionResponse> future = asap.request(request,
                        m -> m instanceof HandleResolutionResponse r && r.poolHandle().equals(poolHandle))
                .thenApply(HandleResolutionResponse.class::cast);
        HandleResolutionResponse response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NoRegistrarException("no handle resolution answer within " + timeout.toMillis() + " ms");
        }
        if (response.error().isPresent() || response.poolElements().isEmpty()) {
            throw new UnknownPoolException("pool '" + poolHandle + "' has no pool elements at the registrar");
        }
        if (!staleCacheValue.isZero()) {
            synchronized (cache) {
                cache.put(poolHandle, new Cached(response.poolElements(),
                        System.currentTimeMillis() + staleCacheValue.toMillis(), 0));
            }
            return fromCache(poolHandle, items);
        }
        return response.poolElements();
    }

    /** Cached PEs in rotation, so that repeated resolutions spread over the pool. */
    private List<PoolElement> fromCache(PoolHandle poolHandle, int items) {
        synchronized (cache) {
            Cached c = cache.get(poolHandle);
            if (c == null) return List.of();
            if (c.expiresAt() < System.currentTimeMillis() || c.elements().isEmpty()) {
                cache.remove(poolHandle);
                return List.of();
            }
            List<PoolElement> result = new ArrayList<>();
            for (int i = 0; i < Math.min(items, c.elements().size()); i++) {
                result.add(c.elements().get((c.next() + i) % c.elements().size()));
            }
            cache.put(poolHandle, new Cached(c.elements(), c.expiresAt(), (c.next() + 1) % c.elements().size()));
            return result;
        }
    }

    /** Tells the registrar that {@code identifier} could not be used, and forgets it here. */
    public void reportUnreachable(PoolHandle poolHandle, int identifier) {
        synchronized (cache) {
            Cached c = cache.get(poolHandle);
            if (c != null) {
                List<PoolElement> rest = c.elements().stream().filter(e -> e.identifier() != identifier).toList();
                cache.put(poolHandle, new Cached(rest, c.expiresAt(), 0));
            }
        }
        log.info("reporting pool element {} of pool '{}' as unreachable", PoolElementRegistration.hex(identifier),
                poolHandle);
        asap.send(new EndpointUnreachable(poolHandle, identifier));
    }

    /** The registrar association, empty while there is none (a pool user connects when it asks). */
    public java.util.Optional<RegistrarConnection> registrar() {
        return asap.connection();
    }

    @Override
    public void close() {
        asap.close();
    }
}
