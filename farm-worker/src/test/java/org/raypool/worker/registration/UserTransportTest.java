package org.raypool.worker.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

class UserTransportTest {
    private static final List<InetSocketAddress> REGISTRAR_LOCAL = List.of(new InetSocketAddress("10.1.2.3", 40000),
            new InetSocketAddress("192.168.7.3", 40000));

    @Test
    void tcpOnAllAddressesRegistersTheAddressTheRegistrarSees() throws Exception {
        assertEquals(new TcpTransport(5000, TransportUse.DATA_PLUS_CONTROL, InetAddress.getByName("10.1.2.3")),
                UserTransport.of("tcp", 5000, List.of(new InetSocketAddress(0))).apply(REGISTRAR_LOCAL));
    }

    @Test
    void tcpOnANamedAddressRegistersThatAddress() throws Exception {
        assertEquals(new TcpTransport(5000, TransportUse.DATA_PLUS_CONTROL, InetAddress.getByName("10.9.9.9")),
                UserTransport.of("tcp", 5000, List.of(new InetSocketAddress("10.9.9.9", 0))).apply(REGISTRAR_LOCAL));
    }

    @Test
    void sctpRegistersEveryAddress() throws Exception {
        assertEquals(new SctpTransport(5000, TransportUse.DATA_PLUS_CONTROL,
                        List.of(InetAddress.getByName("10.1.2.3"), InetAddress.getByName("192.168.7.3"))),
                UserTransport.of("sctp", 5000, List.of(new InetSocketAddress(0))).apply(REGISTRAR_LOCAL));
        assertEquals(new SctpTransport(5000, TransportUse.DATA_PLUS_CONTROL,
                        List.of(InetAddress.getByName("10.9.9.9"), InetAddress.getByName("10.9.9.10"))),
                UserTransport.of("sctp", 5000, List.of(new InetSocketAddress("10.9.9.9", 0),
                        new InetSocketAddress("10.9.9.10", 0))).apply(REGISTRAR_LOCAL));
    }
}
