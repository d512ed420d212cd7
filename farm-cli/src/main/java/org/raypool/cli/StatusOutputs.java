package org.raypool.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.raypool.cli.http.StatusHttpServer;
import org.raypool.csp.CspConfig;
import org.raypool.csp.CspReporter;

/**
 * A program's status outputs, as {@code --http} and {@code --csp-*} asked: its HTTP endpoint and its CSP reporter.
 * Closing sends the final CSP report first, then stops the endpoint.
 */
public final class StatusOutputs implements AutoCloseable {
    /** Starts one output for its configuration. */
    public interface Starter<C, T> {
        T start(C config) throws IOException;
    }

    private final StatusHttpServer server;
    private final CspReporter reporter;

    private StatusOutputs(StatusHttpServer server, CspReporter reporter) {
        this.server = server;
        this.reporter = reporter;
    }

    /**
     * Starts what is configured.
     *
     * @throws IOException the endpoint's address is taken or not ours (the message names it); nothing keeps running
     */
    public static StatusOutputs start(Optional<InetSocketAddress> http, Starter<InetSocketAddress, StatusHttpServer> server,
            Optional<CspConfig> csp, Starter<CspConfig, CspReporter> reporter) throws IOException {
        StatusHttpServer started = null;
        if (http.isPresent()) {
            try {
                started = server.start(http.get());
            } catch (IOException e) {
                throw new IOException("cannot serve status on " + http.get() + ": " + e.getMessage()
                        + " (pick another --http address)", e);
            }
        }
        try {
            return new StatusOutputs(started, csp.isPresent() ? reporter.start(csp.get()) : null);
        } catch (IOException e) {
            if (started != null) started.close();
            throw new IOException("cannot send status reports to " + csp.get().server() + ": " + e.getMessage(), e);
        }
    }

    /** Where the HTTP endpoint listens (its port chosen by the system for port 0); empty without {@code --http}. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(server).map(StatusHttpServer::address);
    }

    @Override
    public void close() {
        if (reporter != null) reporter.close();
        if (server != null) server.close();
    }
}
