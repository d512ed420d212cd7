package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressQuotaTest {

    @Test
    void oneAddressHoldsAtMostTheMaximumAndGetsRoomBack() throws Exception {
        InetAddress a = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        InetAddress b = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        AddressQuota quota = new AddressQuota(2);
        assertTrue(quota.acquire(a));
        assertTrue(quota.acquire(a));
        assertFalse(quota.acquire(a));
        assertEquals(2, quota.count(a), "a refused one is not counted");
        assertTrue(quota.acquire(b), "per address");
        quota.release(a);
        assertTrue(quota.acquire(a));
        quota.release(b);
        quota.release(b);
        assertEquals(0, quota.count(b), "never below zero");
    }
}
