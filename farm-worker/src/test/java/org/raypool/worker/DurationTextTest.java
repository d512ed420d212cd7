package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @Test
    void readsUnitsAndTheirCombinations() {
        assertEquals(Duration.ZERO, DurationText.parse("0"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("90s"));
        assertEquals(Duration.ofMinutes(15), DurationText.parse("15m"));
        assertEquals(Duration.ofHours(14), DurationText.parse("14h"));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("1h30m"));
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofDays(2), DurationText.parse("2d"));
        assertEquals(Duration.ofHours(14), DurationText.parse("PT14H"));
        assertEquals(Duration.ofHours(4), DurationText.parse(" 4H "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "h", "1x", "1h 30m", "-5s", "PT-1H", "1.5h"})
    void refusesWhatItWouldHaveToGuess(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
        assertTrue(e.getMessage().contains("write it with a unit"), e.getMessage());
    }

    @Test
    void formatsWhatItReads() {
        for (String text : new String[] {"0", "14h", "1h30m", "2d", "500ms", "1d2h3m4s5ms"}) {
            assertEquals(text, DurationText.format(DurationText.parse(text)));
        }
    }
}
