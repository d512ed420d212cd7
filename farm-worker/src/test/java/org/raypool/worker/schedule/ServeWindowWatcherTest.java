package org.raypool.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.schedule.ServeWindowTest.ZONE;
import static org.raypool.worker.schedule.ServeWindowTest.at;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serve-window logic against a clock the test moves. */
class ServeWindowWatcherTest {
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class RecordingGate implements ServeWindowWatcher.Gate {
        final List<String> calls = new ArrayList<>();
        boolean registrarReachable = true;

        @Override
        public boolean open() {
            calls.add("open");
            return registrarReachable;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private final ServeSchedule nights = new ServeSchedule(List.of(ServeWindow.parse("MON-FRI 18:00-08:00")));
    private final MovableClock clock = new MovableClock(at("2025-03-03T12:00:00"));
    private final RecordingGate gate = new RecordingGate();

    @Test
    void opensAndClosesAtTheBoundariesAndSleepsAtMostAMinute() {
        ServeWindowWatcher watcher = new ServeWindowWatcher(nights, clock, gate, false);
        assertEquals(ServeWindowWatcher.MAX_SLEEP, watcher.evaluate(), "six hours away: look again in a minute");
        assertEquals(List.of(), gate.calls);

        clock.now = at("2025-03-03T17:59:30");
        assertEquals(Duration.ofSeconds(30), watcher.evaluate(), "wake at the opening");
        clock.now = at("2025-03-03T18:00:00");
        watcher.evaluate();
        assertEquals(List.of("open"), gate.calls);
        assertTrue(watcher.serving());

        clock.now = at("2025-03-04T03:00:00");
        watcher.evaluate();
        assertEquals(List.of("open"), gate.calls, "nothing happens inside the window");

        clock.now = at("2025-03-04T08:00:00");
        watcher.evaluate();
        assertEquals(List.of("open", "close"), gate.calls);
        assertFalse(watcher.serving());
    }

    @Test
    void aFailedOpeningIsRetriedEveryTenSecondsWhileTheWindowIsOpen() {
        ServeWindowWatcher watcher = new ServeWindowWatcher(nights, clock, gate, false);
        gate.registrarReachable = false;
        clock.now = at("2025-03-03T18:00:00");
        assertEquals(ServeWindowWatcher.OPEN_RETRY, watcher.evaluate());
        assertFalse(watcher.serving());
        clock.now = at("2025-03-03T18:00:10");
        gate.registrarReachable = true;
        watcher.evaluate();
        assertEquals(List.of("open", "open"), gate.calls);
        assertTrue(watcher.serving());
    }

    @Test
    void aWorkerStartedInsideAWindowClosesWhenItEnds() {
        clock.now = at("2025-03-07T23:00:00");
        ServeWindowWatcher watcher = new ServeWindowWatcher(nights, clock, gate, true);
        watcher.evaluate();
        assertEquals(List.of(), gate.calls, "already serving");
        clock.now = at("2025-03-08T08:00:01");
        watcher.evaluate();
        assertEquals(List.of("close"), gate.calls);
        clock.now = at("2025-03-09T20:00:00");
        watcher.evaluate();
        assertEquals(List.of("close"), gate.calls, "Sunday evening: no window");
    }

    @Test
    void aClockThatJumpsIsFollowed() {
        ServeWindowWatcher watcher = new ServeWindowWatcher(nights, clock, gate, false);
        watcher.evaluate();
        clock.now = at("2025-03-05T02:00:00");
        watcher.evaluate();
        assertEquals(List.of("open"), gate.calls);
        clock.now = at("2025-03-03T12:00:00");
        watcher.evaluate();
        assertEquals(List.of("open", "close"), gate.calls);
    }
}
