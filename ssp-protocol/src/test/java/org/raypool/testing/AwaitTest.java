package org.raypool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstValueThatSatisfiesTheCondition() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        int value = Await.until("three calls", Duration.ofSeconds(5), calls::incrementAndGet, n -> n >= 3);
        assertEquals(3, value);
    }

    @Test
    void failsWithTheLastValueSeen() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Await.until("the answer", Duration.ofMillis(30), () -> 41, n -> n == 42));
        assertTrue(failure.getMessage().contains("the answer"), failure.getMessage());
        assertTrue(failure.getMessage().contains("last seen: 41"), failure.getMessage());
    }

    @Test
    void aThrowingProbeCountsAsNotYetAndIsReported() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Await.until("a probe that fails twice", Duration.ofSeconds(5), () -> {
            if (calls.incrementAndGet() < 3) throw new IOException("not yet");
            return true;
        });
        assertEquals(3, calls.get());

        AssertionError failure = assertThrows(AssertionError.class, () -> Await.until("a file",
                Duration.ofMillis(30), () -> { throw new IOException("no such file"); }));
        assertTrue(failure.getMessage().contains("no such file"), failure.getMessage());
        assertTrue(failure.getCause() instanceof IOException);
    }
}
