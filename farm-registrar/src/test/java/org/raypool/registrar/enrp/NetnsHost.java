package org.raypool.registrar.enrp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.PoolElementRegistration;
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
                Thread.sleep(Long.MAX_VALUE);
            }
            case "converge" -> {
                long timeout = Long.parseLong(args[1]);
                int expected = Integer.parseInt(args[2]);
                if (!args[3].equals("-")) {
                    System.out.println("waiting for " + args[3]);
                    while (!java.nio.file.Files.exists(java.nio.file.Path.of(args[3]))) Thread.sleep(5);
                }
                long start = System.nanoTime();
                List<TreeSet<String>> views = new ArrayList<>();
                while ((System.nanoTime() - start) / 1_000_000 < timeout) {
                    views.clear();
                    for (int i = 4; i < args.length; i++) views.add(view(tcp, address(args[i])));
                    if (views.get(0).size() == expected && views.stream().allMatch(views.get(0)::equals)) {
                        System.out.printf("converged after %d ms: %s%n", (System.nanoTime() - start) / 1_000_000,
                                views.get(0));
                        System.exit(0);
                    }
                    Thread.sleep(50);
                }
                System.out.println("not converged: " + views);
                System.exit(1);
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
