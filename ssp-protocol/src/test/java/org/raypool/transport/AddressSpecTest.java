package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSpecTest {

    @Test
    void hostAndPort() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 3863)), AddressSpec.parse("127.0.0.1:3863", -1));
    }

    @Test
    void multiHomedEndpointSharesThePort() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 9901), new InetSocketAddress("127.0.0.2", 9901)),
                AddressSpec.parse("127.0.0.1:9901,127.0.0.2", -1));
    }

    @Test
    void ipv6InBrackets() {
        assertEquals(List.of(new InetSocketAddress("::1", 3863)), AddressSpec.parse("[::1]:3863", -1));
    }

    @Test
    void defaultPortAndBarePort() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 3863)), AddressSpec.parse("127.0.0.1", 3863));
        assertEquals(List.of(new InetSocketAddress(4000)), AddressSpec.parse("4000", 3863));
    }

    @Test
    void badInputNamesTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressSpec.parse("host:99999", -1))
                .getMessage().contains("port 99999 is outside 0..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressSpec.parse("127.0.0.1", -1))
                .getMessage().contains("missing port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressSpec.parse("::1:80", -1))
                .getMessage().contains("brackets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressSpec.parse("127.0.0.1:1,127.0.0.2:2", -1))
                .getMessage().contains("only the first address"));
    }

    @Test
    void formatIsWhatParseReadsBack() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 3863);
        InetSocketAddress v6 = new InetSocketAddress("::1", 9901);
        assertEquals("127.0.0.1:3863", AddressSpec.format(v4));
        assertEquals("[0:0:0:0:0:0:0:1]:9901", AddressSpec.format(v6));
        assertEquals(List.of(v4), AddressSpec.parse(AddressSpec.format(v4), -1));
        assertEquals(List.of(v6), AddressSpec.parse(AddressSpec.format(v6), -1));
    }
}
