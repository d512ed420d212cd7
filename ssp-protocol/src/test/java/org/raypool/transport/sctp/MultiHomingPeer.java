package org.raypool.transport.sctp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.wire.Protocol;

/**
 * The far end of {@link SctpMultiHomingIT}, run by scripts/test-sctp in the guest's second network namespace:
 * listens on every given address with one port and echoes each message back.
 *
 * <p>Usage: {@code MultiHomingPeer ADDR[,ADDR...] PORT READY_FILE}; writes the bound port to READY_FILE.
 */
public final class MultiHomingPeer {

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MultiHomingPeer ADDR[,ADDR...] PORT READY_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        List<InetSocketAddress> local = Arrays.stream(args[0].split(","))
                .map(a -> new InetSocketAddress(a.trim(), port)).toList();
        ListeningEndpoint endpoint = new SctpTransport().listen(local, Set.of(Protocol.values()),
                new AssociationListener() {
                    @Override
                    public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                        try {
                            association.send(protocol, message);
                        } catch (IOException e) {
                            System.err.println(association.id() + " echo failed: " + e.getMessage());
                        }
                    }

                    @Override
                    public void onCommLost(Association association, CommLost reason) {}
                });
        Path ready = Path.of(args[2]);
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(endpoint.port()));
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
