package org.raypool.registrar.inbound;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RSPLIB's -maxhrrate / -maxeurate semantics on values, time passed in (docs/protocol/registrar-behaviour.md §3.9). */
class RateLimiterTest {

    @Test
    void negativeMeansUnlimitedAsRsplibsDefault() {
        RateLimiter unlimited = new RateLimiter(-1);
        for (int i = 0; i < 10_000; i++) assertTrue(unlimited.allow("pu", "pool", 0));
    }

    @Test
    void aFloodIsRefusedAndAPoliteClientIsNot() {
        RateLimiter limiter = new RateLimiter(10);
        long now = 0;
        for (int i = 0; i < 100; i++, now += 200) assertTrue(limiter.allow("polite", "pool", now), "5/s");
        int refused = 0;
        for (int i = 0; i < 1000; i++) if (!limiter.allow("flooder", "pool", now + i)) refused++;
        assertTrue(refused >= 1000 - RateLimiter.WINDOW, "1000/s against 10/s: refused " + refused);
        assertTrue(limiter.allow("polite", "pool", now + 1000), "per client: the flood does not count against others");
        assertTrue(limiter.allow("flooder", "other pool", now + 1000), "per subject (pool handle / PE)");
    }

    @Test
    void theWindowForgetsAnOldBurst() {
        RateLimiter limiter = new RateLimiter(10);
        for (int i = 0; i < 40; i++) limiter.allow("pu", "pool", i);
        assertFalse(limiter.allow("pu", "pool", 40));
        long t = 10_000;
        for (int i = 0; i < RateLimiter.WINDOW; i++, t += 1000) limiter.allow("pu", "pool", t);
        assertTrue(limiter.allow("pu", "pool", t), "1/s after the burst");
    }

    @Test
    void aForgottenClientStartsAfresh() {
        RateLimiter limiter = new RateLimiter(1);
        for (int i = 0; i < 20; i++) limiter.allow("pu", "pool", i);
        assertFalse(limiter.allow("pu", "pool", 21));
        limiter.forget("pu");
        assertTrue(limiter.allow("pu", "pool", 22));
    }
}
