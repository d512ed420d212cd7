package org.raypool.cli.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only HTTP endpoint on the JDK's built-in server (no server library for three GET routes). Each route
 * computes its body on the server's one thread when asked; a route that fails answers 503 with the reason, so a
 * stopping program shows as unavailable rather than hanging the client.
 */
public final class StatusHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private record Route(String contentType, Supplier<byte[]> body) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    private StatusHttpServer(HttpServer server, String name) {
        this.server = server;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Listens on {@code address} (port 0: any free port); routes are added afterwards. */
    public static StatusHttpServer start(InetSocketAddress address, String name) throws IOException {
        StatusHttpServer s = new StatusHttpServer(HttpServer.create(address, 16), name);
        s.server.start();
        log.info("status over HTTP on http://{}:{}/", address.getAddress().getHostAddress(), s.address().getPort());
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code path} answers with {@code body()} written as JSON. */
    public StatusHttpServer json(String path, Supplier<?> body) {
        routes.put(path, new Route("application/json; charset=utf-8", () -> json(body.get())));
        return this;
    }

    public StatusHttpServer text(String path, String contentType, Supplier<String> body) {
        routes.put(path, new Route(contentType, () -> body.get().getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public StatusHttpServer bytes(String path, String contentType, byte[] body) {
        byte[] copy = body.clone();
        routes.put(path, new Route(contentType, () -> copy));
        return this;
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Route route = routes.get(exchange.getRequestURI().getPath());
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
            } else if (route == null) {
                send(exchange, 404, "text/plain; charset=utf-8", ("no such page; try " + String.join(", ",
                        routes.keySet().stream().sorted().toList()) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] body;
                try {
                    body = route.body().get();
                } catch (RuntimeException e) {
                    send(exchange, 503, "text/plain; charset=utf-8", ("not available: " + e.getMessage() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
                send(exchange, 200, route.contentType(), body);
            }
        }
    }

    private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
