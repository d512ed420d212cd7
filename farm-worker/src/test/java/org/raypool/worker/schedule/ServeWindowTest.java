package org.raypool.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServeWindowTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** 2025-03-03 is a Monday. */
    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    @Test
    void clockRangeBecomesACronExpressionAndADuration() {
        ServeWindow nights = ServeWindow.parse("MON-FRI 18:00-08:00");
        assertEquals("0 0 18 ? * MON-FRI", nights.cron());
        assertEquals(Duration.ofHours(14), nights.duration());
        assertEquals(Duration.ofHours(24), ServeWindow.parse("* 00:00-00:00").duration());
        assertEquals(Duration.ofMinutes(390), ServeWindow.parse("SAT,SUN 12:30-19:00").duration());
        assertEquals(Duration.ofHours(6), ServeWindow.parse("SAT 18:00-24:00").duration());
    }

    @Test
    void cronFormTakesAnyQuartzExpression() {
        ServeWindow w = ServeWindow.parse("0 30 12 ? * SAT,SUN for 1h30m");
        assertEquals("0 30 12 ? * SAT,SUN", w.cron());
        assertEquals(Duration.ofMinutes(90), w.duration());
    }

    @Test
    void openFromTheOpeningUpToButNotIncludingTheClosing() {
        ServeWindow nights = ServeWindow.parse("MON-FRI 18:00-08:00");
        assertFalse(nights.isOpen(at("2025-03-03T17:59:59"), ZONE));
        assertTrue(nights.isOpen(at("2025-03-03T18:00:00"), ZONE));
        assertTrue(nights.isOpen(at("2025-03-04T03:00:00"), ZONE), "past midnight");
        assertTrue(nights.isOpen(at("2025-03-04T07:59:59"), ZONE));
        assertFalse(nights.isOpen(at("2025-03-04T08:00:00"), ZONE));
        assertTrue(nights.isOpen(at("2025-03-08T07:00:00"), ZONE), "Friday's night reaches into Saturday");
        assertFalse(nights.isOpen(at("2025-03-08T20:00:00"), ZONE), "no window opens on Saturday");
        assertFalse(nights.isOpen(at("2025-03-02T20:00:00"), ZONE), "nor on Sunday");
    }

    @Test
    void nextBoundaryIsTheNextOpeningOrClosing() {
        ServeWindow nights = ServeWindow.parse("MON-FRI 18:00-08:00");
        assertEquals(Optional.of(at("2025-03-03T18:00:00")), nights.nextBoundary(at("2025-03-03T12:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-03-04T08:00:00")), nights.nextBoundary(at("2025-03-03T18:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-03-10T18:00:00")), nights.nextBoundary(at("2025-03-08T08:00:00"), ZONE));
    }

    @Test
    void windowsCloseAtTheirLocalTimeWhenTheClocksChange() {
        ServeWindow weekend = ServeWindow.parse("SAT 18:00-08:00");
        // 2025-03-30 02:00 -> 03:00 in Berlin: a 13-hour night.
        assertTrue(weekend.isOpen(at("2025-03-30T07:59:59"), ZONE));
        assertFalse(weekend.isOpen(at("2025-03-30T08:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-03-30T08:00:00")), weekend.nextBoundary(at("2025-03-30T01:00:00"), ZONE));
        // 2025-10-26 03:00 -> 02:00: a 15-hour night.
        assertTrue(weekend.isOpen(at("2025-10-26T07:59:59"), ZONE));
        assertFalse(weekend.isOpen(at("2025-10-26T08:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-10-26T08:00:00")), weekend.nextBoundary(at("2025-10-26T01:00:00"), ZONE));
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {"weekdays 18-8", "MON-FRI 18:00", "MON-FRI 18:00-08:60", "0 0 18 * * MON for 1h",
                "0 0 18 ? * MON for 0", "0 0 18 ? * MON for soon", ""}) {
            assertThrows(IllegalArgumentException.class, () -> ServeWindow.parse(bad), bad);
        }
    }
}
