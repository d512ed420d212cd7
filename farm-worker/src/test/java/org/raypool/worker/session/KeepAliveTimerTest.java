package org.raypool.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raypool.worker.session.KeepAliveTimer.Action;

/** Spec §5.2 WORKING, with interval 15 s and timeout 10 s, ticks at whole seconds. */
class KeepAliveTimerTest {
    private static final long S = 1000;
    private final KeepAliveTimer timer = new KeepAliveTimer(Duration.ofSeconds(15), Duration.ofSeconds(10));

    @Test
    void firstKeepAliveOnTheFirstTickThenEveryIntervalAfterTheLastOneWasSent() {
        assertEquals(Action.SEND, timer.onTick(1 * S));
        assertEquals(Action.NONE, timer.onTick(2 * S));
        timer.onAck();
        assertEquals(Action.NONE, timer.onTick(15 * S));
        assertEquals(Action.SEND, timer.onTick(16 * S), "15 s after the previous Keep-Alive was sent");
        timer.onAck();
        assertEquals(Action.SEND, timer.onTick(31 * S));
    }

    @Test
    void unansweredKeepAliveTimesOutCountedFromWhenItWasSent() {
        assertEquals(Action.SEND, timer.onTick(1 * S));
        assertEquals(Action.NONE, timer.onTick(10 * S));
        assertEquals(Action.TIMEOUT, timer.onTick(11 * S));
    }

    @Test
    void aLateAckStillCountsBeforeTheTimeout() {
        timer.onTick(1 * S);
        timer.onTick(10 * S);
        timer.onAck();
        assertEquals(Action.SEND, timer.onTick(16 * S), "no new Keep-Alive before the interval, even after a late ack");
    }
}
