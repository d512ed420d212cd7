package org.raypool.cli.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.raypool.cli.Cli;
import picocli.CommandLine.Option;

/** {@code --http HOST:PORT} ({@code @Mixin}): the status endpoint, off by default; a bare port means loopback. */
public final class HttpOption {
    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = "Serve status over HTTP here: /status.json and /metrics (the registrar also a live page "
                    + "at /); a bare port listens on 127.0.0.1 only. Default: off.")
    String http;

    public Optional<InetSocketAddress> address(Cli cli) {
        if (http == null) return Optional.empty();
        if (http.matches("\\d+")) {
            long port = Long.parseLong(http);
            cli.range("--http", port, 0, 65535);
            return Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), (int) port));
        }
        InetSocketAddress address = cli.address("--http", http, -1);
        if (address.getPort() < 0) throw cli.bad("--http", "'" + http + "' has no port; write HOST:PORT or PORT");
        return Optional.of(address);
    }
}
