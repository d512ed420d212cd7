package org.raypool.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SessionsPerAddressTest {
    @Test
    void oneAddressHoldsAtMostTheMaximumAndOthersAreNotCharged() throws Exception {
        InetAddress a = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        InetAddress b = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        SessionsPerAddress quota = new SessionsPerAddress(2);
        assertTrue(quota.tryAcquire(a));
        assertTrue(quota.tryAcquire(a));
        assertFalse(quota.tryAcquire(a));
        assertEquals(2, quota.held(a));
        assertTrue(quota.tryAcquire(b));
        quota.release(a);
        assertTrue(quota.tryAcquire(a));
        quota.release(a);
        quota.release(a);
        quota.release(a);
        assertEquals(0, quota.held(a));
    }
}
