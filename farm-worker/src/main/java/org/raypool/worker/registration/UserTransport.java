package org.raypool.worker.registration;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;

/**
 * The user transport a worker registers: how pool users reach its scripting service. Transport Use is always
 * "data plus control" as RSPLIB registers it. The addresses are those {@code --listen} named, or, when it listens
 * on all addresses, the local addresses of the registrar association, which are the ones the registrar accepts
 * (docs/protocol/registrar-behaviour.md §3.2, §6.2). TCP carries exactly one address
 * (docs/protocol/asap-enrp-wire.md §1.3 rule 7).
 */
public final class UserTransport {
    private UserTransport() {
    }

    /**
     * @param transportName {@code tcp} or {@code sctp}: the transport really in use
     * @param port          the port the scripting service listens on
     * @param listen        the {@code --listen} addresses; wildcard addresses mean "all"
     */
    public static Function<List<InetSocketAddress>, TransportParameter> of(String transportName, int port,
            List<InetSocketAddress> listen) {
        List<InetAddress> named = listen.stream().map(InetSocketAddress::getAddress)
                .filter(a -> a != null && !a.isAnyLocalAddress()).toList();
        boolean tcp = "tcp".equals(transportName);
        return registrarLocal -> {
            List<InetAddress> addresses = named.isEmpty()
                    ? registrarLocal.stream().map(InetSocketAddress::getAddress).toList() : named;
            if (addresses.isEmpty()) {
                throw new IllegalStateException("no address to register: the registrar association has none");
            }
            return tcp ? new TcpTransport(port, TransportUse.DATA_PLUS_CONTROL, addresses.get(0))
                    : new SctpTransport(port, TransportUse.DATA_PLUS_CONTROL, addresses);
        };
    }
}
