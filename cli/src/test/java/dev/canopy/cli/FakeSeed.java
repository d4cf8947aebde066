package dev.canopy.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the seed's HTTP API in CLI tests: answers canned responses per "METHOD path" and
 * records each request (method, path, headers, body), so tests can check what the CLI sent.
 */
public final class FakeSeed implements AutoCloseable {
    /** One request the CLI made. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    private record Canned(int code, String body) {}

    private final HttpServer server;
    private final Map<String, Canned> routes = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeSeed() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeSeed answer(String method, String path, int code, String json) {
        routes.put(method + " " + path, new Canned(code, json));
        return this;
    }

    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** Writes a kubeconfig for this server with a bearer token, and returns its path. */
    public Path kubeconfig(Path dir, String token) throws IOException {
        return Files.writeString(dir.resolve("seed.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: canopy
                  cluster:
                    server: %s
                users:
                - name: admin
                  user:
                    token: %s
                contexts:
                - name: canopy-admin
                  context: {cluster: canopy, user: admin}
                current-context: canopy-admin
                """.formatted(url(), token));
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        Canned c = routes.getOrDefault(ex.getRequestMethod() + " " + ex.getRequestURI().getPath(), new Canned(404,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                        + "\"message\":\"the server could not find the requested resource\"}"));
        byte[] out = c.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(c.code(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() { server.stop(0); }
}
