package org.raypool.registrar.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.raypool.testing.Await;

/**
 * A headless Debian chromium driven over the DevTools protocol with the JDK's HttpClient and WebSocket: opens one
 * page and keeps it open, evaluates JavaScript in it, takes screenshots. Kept off the internet: every non-loopback
 * request goes to a proxy address nobody listens on, and background services are off.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The chromium executable on PATH, or null. */
    static Path find() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    /** Starts chromium on {@code url} with a fresh profile in {@code profile} and connects to that page. */
    static Chromium open(Path executable, String url, Path profile) throws Exception {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--proxy-server=127.0.0.1:9",
                // The page's refresh timer must run as in a visible tab, also on a loaded machine.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--window-size=1100,700", url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            List<String> portLines = Await.until("chromium's DevToolsActivePort", Duration.ofSeconds(60), () -> {
                if (!process.isAlive()) throw new AssertionError("chromium exited with " + process.exitValue());
                return Files.isRegularFile(portFile) ? Files.readAllLines(portFile) : List.<String>of();
            }, lines -> !lines.isEmpty());
            int port = Integer.parseInt(portLines.get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String debuggerUrl = Await.until("chromium's page target for " + url, Duration.ofSeconds(60), () -> {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page") && t.path("url").asText().startsWith(url)) {
                        return Optional.of(t.path("webSocketDebuggerUrl").asText());
                    }
                }
                return Optional.<String>empty();
            }, Optional::isPresent).orElseThrow();
            Chromium[] self = new Chromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(debuggerUrl), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        self[0].received(text.toString());
                        text.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new Chromium(process, socket);
            return self[0];
        } catch (Exception | AssertionError e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    private void received(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> call = calls.remove(node.get("id").asInt());
                if (call != null) call.complete(node);
            }
        } catch (IOException e) {
            // not ours to judge: DevTools events we did not ask for
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(request), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) throw new IOException(method + ": " + response.get("error"));
        return response.get("result");
    }

    /** The page's visible text now. */
    String text() throws Exception {
        return call("Runtime.evaluate", Map.of("expression", "document.body.innerText", "returnByValue", true))
                .path("result").path("value").asText();
    }

    void screenshot(Path png) throws Exception {
        String data = call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
