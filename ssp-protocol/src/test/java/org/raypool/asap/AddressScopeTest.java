package org.raypool.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressScopeTest {

    @ParameterizedTest
    @CsvSource({"0.0.0.0,UNSPECIFIED", "::,UNSPECIFIED", "127.0.0.1,LOOPBACK", "127.9.9.9,LOOPBACK", "::1,LOOPBACK",
            "169.254.1.1,LINK_LOCAL", "fe80::1,LINK_LOCAL", "10.1.2.3,SITE_LOCAL", "172.16.0.1,SITE_LOCAL",
            "192.168.1.10,SITE_LOCAL", "fd00::1,SITE_LOCAL", "132.252.156.149,GLOBAL", "2001:638:501:4ef4::1,GLOBAL"})
    void classifiesAsRsplib(String address, AddressScope scope) throws Exception {
        assertEquals(scope, AddressScope.of(InetAddress.getByName(address)));
    }

    @Test
    void siteLocalMinimumDropsLoopbackAndLinkLocal() throws Exception {
        assertFalse(AddressScope.SITE_LOCAL.admits(InetAddress.getByName("127.0.0.1")));
        assertFalse(AddressScope.SITE_LOCAL.admits(InetAddress.getByName("fe80::1")));
        assertTrue(AddressScope.SITE_LOCAL.admits(InetAddress.getByName("10.0.0.1")));
        assertTrue(AddressScope.LOOPBACK.admits(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void parsesBothSpellings() {
        assertEquals(AddressScope.SITE_LOCAL, AddressScope.parse("sitelocal"));
        assertEquals(AddressScope.SITE_LOCAL, AddressScope.parse("site-local"));
        assertEquals("unknown address scope 'local'; use loopback, link-local, site-local or global",
                assertThrows(IllegalArgumentException.class, () -> AddressScope.parse("local")).getMessage());
    }
}
