package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.raypool.wire.Protocol;

/** An {@link AssociationListener} that records every event for tests; hooks let a test misbehave. */
public class Recorder implements AssociationListener {

    /** Generous: the SCTP tests run in an emulated VM. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    public record Received(Association association, Protocol protocol, byte[] bytes, String thread) {}

    public record Lost(Association association, CommLost reason) {}

    public final BlockingQueue<Association> established = new LinkedBlockingQueue<>();
    public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    public final BlockingQueue<Lost> lost = new LinkedBlockingQueue<>();
    public final Map<Association, AtomicInteger> lostCount = new ConcurrentHashMap<>();
    public final AtomicInteger misordered = new AtomicInteger();
    private final Map<Association, Boolean> gone = new ConcurrentHashMap<>();

    @Override
    public void onEstablished(Association association) {
        if (gone.containsKey(association)) misordered.incrementAndGet();
        established.add(association);
    }

    @Override
    public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
        if (gone.containsKey(association)) misordered.incrementAndGet();
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        messages.add(new Received(association, protocol, bytes, Thread.currentThread().getName()));
    }

    @Override
    public void onCommLost(Association association, CommLost reason) {
        gone.put(association, true);
        lostCount.computeIfAbsent(association, a -> new AtomicInteger()).incrementAndGet();
        lost.add(new Lost(association, reason));
    }

    public Association nextEstablished() throws InterruptedException {
        return take(established, "established");
    }

    public Received nextMessage() throws InterruptedException {
        return take(messages, "message");
    }

    public Lost nextLost() throws InterruptedException {
        return take(lost, "comm lost");
    }

    /** Waits for comm lost on {@code association} and checks it came once with the given cause. */
    public CommLost awaitLost(Association association, CommLost.Cause cause) throws InterruptedException {
        Lost l = nextLost();
        assertEquals(association, l.association(), "comm lost for another association");
        assertEquals(cause, l.reason().cause(), () -> "reason " + l.reason());
        return l.reason();
    }

    /** After a pause, nothing more happened: comm lost came at most once per association. */
    public void assertQuiet(Duration pause) throws InterruptedException {
        Thread.sleep(pause.toMillis());
        assertNull(lost.poll(), "second comm lost");
        lostCount.forEach((a, n) -> assertEquals(1, n.get(), a + " comm lost count"));
        assertEquals(0, misordered.get(), "callbacks after comm lost");
    }

    private static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T t = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) fail("no " + what + " within " + WAIT.toSeconds() + " s");
        return t;
    }
}
