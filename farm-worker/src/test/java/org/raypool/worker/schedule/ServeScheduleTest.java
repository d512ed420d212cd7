package org.raypool.worker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.schedule.ServeWindowTest.ZONE;
import static org.raypool.worker.schedule.ServeWindowTest.at;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServeScheduleTest {
    private static ServeSchedule of(String... windows) {
        return new ServeSchedule(List.of(windows).stream().map(ServeWindow::parse).toList());
    }

    @Test
    void withoutWindowsTheWorkerAlwaysServes() {
        ServeSchedule always = ServeSchedule.always();
        assertTrue(always.isOpen(at("2025-03-03T12:00:00"), ZONE));
        assertEquals(Optional.empty(), always.nextChange(at("2025-03-03T12:00:00"), ZONE));
    }

    @Test
    void openWhileAnyWindowIsOpen() {
        ServeSchedule s = of("MON-FRI 18:00-08:00", "SAT,SUN 00:00-00:00");
        assertFalse(s.isOpen(at("2025-03-03T12:00:00"), ZONE));
        assertTrue(s.isOpen(at("2025-03-03T19:00:00"), ZONE));
        assertTrue(s.isOpen(at("2025-03-08T12:00:00"), ZONE), "Saturday all day");
    }

    @Test
    void adjoiningWindowsMakeOneLongOpening() {
        // Friday 18:00 to Monday 00:00 without a break: Friday's night runs into Saturday's whole-day window.
        ServeSchedule s = of("MON-FRI 18:00-08:00", "SAT,SUN 00:00-00:00");
        assertEquals(Optional.of(at("2025-03-10T00:00:00")), s.nextChange(at("2025-03-07T18:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-03-10T08:00:00")),
                of("* 18:00-08:00", "SAT,SUN 00:00-00:00").nextChange(at("2025-03-07T18:00:00"), ZONE));
        assertEquals(Optional.of(at("2025-03-03T18:00:00")), s.nextChange(at("2025-03-03T08:00:00"), ZONE));
    }

    @Test
    void windowsThatCoverEveryMomentNeverChange() {
        ServeSchedule s = of("0 0 * ? * * for 2h");
        assertTrue(s.isOpen(at("2025-03-03T12:34:56"), ZONE));
        assertEquals(Optional.empty(), s.nextChange(at("2025-03-03T12:34:56"), ZONE));
    }

    @Test
    void aWindowInThePastNeverOpensAgain() {
        ServeSchedule s = of("0 0 12 1 1 ? 2020 for 1h");
        assertFalse(s.isOpen(at("2025-03-03T12:00:00"), ZONE));
        assertEquals(Optional.empty(), s.nextChange(at("2025-03-03T12:00:00"), ZONE));
    }
}
