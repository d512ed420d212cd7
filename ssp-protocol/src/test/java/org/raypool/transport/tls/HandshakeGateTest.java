package org.raypool.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The handshake bounds and the refusal log's throttle, on values. */
class HandshakeGateTest {

    private static final InetAddress A = address(10, 0, 0, 1);
    private static final InetAddress B = address(10, 0, 0, 2);
    private static final InetAddress C = address(10, 0, 0, 3);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneAddressGetsItsShareAndNoMoreOthersStillGetIn() {
        HandshakeGate gate = new HandshakeGate(new HandshakeLimits(5, 2, Duration.ofSeconds(1)));
        assertTrue(gate.enter(A).isEmpty());
        assertTrue(gate.enter(A).isEmpty());
        assertTrue(gate.enter(A).orElseThrow().contains("from 10.0.0.1 (--max-tls-handshakes-per-address)"));
        assertEquals(2, gate.inProgress(), "a refusal counts nothing");
        assertTrue(gate.enter(B).isEmpty());
        gate.leave(A);
        assertTrue(gate.enter(A).isEmpty(), "an ended handshake frees its place");
        assertEquals(3, gate.inProgress());
    }

    @Test
    void theTotalBoundsAllAddressesTogether() {
        HandshakeGate gate = new HandshakeGate(new HandshakeLimits(3, 2, Duration.ofSeconds(1)));
        assertTrue(gate.enter(A).isEmpty());
        assertTrue(gate.enter(A).isEmpty());
        assertTrue(gate.enter(B).isEmpty());
        assertTrue(gate.enter(C).orElseThrow().contains("3 TLS handshakes in progress (--max-tls-handshakes)"));
        gate.leave(A);
        gate.leave(A);
        assertEquals(0, gate.inProgress(A));
        assertEquals(1, gate.inProgress(B));
        assertTrue(gate.enter(C).isEmpty());
        assertThrows(IllegalStateException.class, () -> gate.leave(A));
    }

    @Test
    void limitsMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeLimits(0, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeLimits(4, 5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeLimits(4, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeLimits(4, 2, Duration.ZERO));
    }

    @Test
    void theLogThrottleWritesALineAnIntervalAndCountsTheRest() {
        LogThrottle throttle = new LogThrottle(10);
        assertEquals(OptionalLong.of(0), throttle.line(1_000));
        assertTrue(throttle.line(1_001).isEmpty());
        assertTrue(throttle.line(1_009).isEmpty());
        assertEquals(OptionalLong.of(2), throttle.line(1_010));
        assertEquals(OptionalLong.of(0), throttle.line(5_000));
        // nanoTime may be negative: the first event always gets its line
        assertEquals(OptionalLong.of(0), new LogThrottle(10).line(Long.MIN_VALUE + 5));
    }
}
