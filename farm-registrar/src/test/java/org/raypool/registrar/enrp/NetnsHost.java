package org.raypool.registrar.enrp;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * What the partition test runs inside a network namespace (the test JVM cannot reach the namespaces):
 * {@code pe ID REREG_MS HOST:PORT...} registers a pool element and stays until killed;
 * {@code converge TIMEOUT_MS PES MARKER HOST:PORT...} waits for the file MARKER to exist ("-": no wait), then reads
 * the registrars' ENRP tables until they are equal and hold PES elements, prints "converged after N ms" (counted
 * from the marker) and exits 0, or prints the tables and exits 1.
 */
public final class NetnsHost {
    private NetnsHost() {}

    public static void main(String[] args) throws Exception {
        Transport tcp = Transports.forName("tcp");
        switch (args[0]) {
            case "pe" -> {
                List<List<InetSocketAddress>> registrars = new ArrayList<>();
                for (int i = 3; i < args.length; i++) registrars.add(List.of(address(args[i])));
                PoolElementRegistration pe = new PoolElementRegistration(AsapClientConfig.withRegistrars(registrars)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), tcp,
                        PoolHandle.fromString("ScriptingPool"), Integer.parseUnsignedInt(args[1], 16),
                        local -> new TcpTransport(43000, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                        PoolMemberSelectionPolicy.roundRobin(), Duration.ofMillis(Long.parseLong(args[2])));
                pe.register(Duration.ofSeconds(20));
                System.out.println("registered " + args[1]);
                new CountDownLatch(1).await(); // until the test kills us
            }
            case "converge" -> {
                long timeout = Long.parseLong(args[1]);
                int expected = Integer.parseInt(args[2]);
                if (!args[3].equals("-")) {
                    Path marker = Path.of(args[3]);
                    System.out.println("waiting for " + marker);
                    Await.until(marker + " to exist", Duration.ofMinutes(10), () -> Files.exists(marker));
                }
                long start = System.nanoTime();
                List<InetSocketAddress> registrars = new ArrayList<>();
                for (int i = 4; i < args.length; i++) registrars.add(address(args[i]));
                try {
                    List<TreeSet<String>> views = Await.until("equal ENRP tables holding " + expected + " PEs",
                            Duration.ofMillis(timeout), () -> registrars.stream().map(r -> view(tcp, r)).toList(),
                            v -> v.get(0).size() == expected && v.stream().allMatch(v.get(0)::equals));
                    System.out.printf("converged after %d ms: %s%n", (System.nanoTime() - start) / 1_000_000,
                            views.get(0));
                    System.exit(0);
                } catch (AssertionError e) {
                    System.out.println("not converged: " + e.getMessage());
                    System.exit(1);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static TreeSet<String> view(Transport tcp, InetSocketAddress registrar) {
        TreeSet<String> set = new TreeSet<>();
        try {
            for (PoolEntry e : HandlespaceDump.fetch(tcp, List.of(registrar), Duration.ofSeconds(2)).entries()) {
                set.add(String.format("%08x@%08x", e.poolElement().identifier(), e.poolElement().homeRegistrarIdentifier()));
            }
        } catch (Exception e) {
            set.add("unreachable: " + e.getMessage());
        }
        return set;
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
