package dev.canopy.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Plain HTTPS requests against a seed, trusting its CA from admin.kubeconfig. */
final class RawClient {
    record Response(int code, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() { return Json.parseYaml(body.getBytes(StandardCharsets.UTF_8)); }
    }

    final URI server;
    final String adminToken;
    private final HttpClient http;

    RawClient(Path kubeconfig) throws Exception {
        var access = dev.canopy.server.auth.Kubeconfigs.read(kubeconfig);
        server = access.server();
        adminToken = access.token();
        http = HttpClient.newBuilder().sslContext(access.tls()).connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    Response send(String method, String path, String token, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        if (body != null && body.length > 1024 * 1024) b.expectContinue(true);   // let the server refuse before the upload
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers());
    }

    Response get(String path) throws Exception { return send("GET", path, adminToken, null, null); }

    Response post(String path, String json) throws Exception {
        return send("POST", path, adminToken, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Response put(String path, String json) throws Exception {
        return send("PUT", path, adminToken, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a watch stream line by line until {@code lines} events arrived or the time is up. */
    java.util.List<JsonNode> watch(String path, int lines, Duration max) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + adminToken).GET().build();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        java.util.List<JsonNode> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = Thread.ofVirtual().start(() -> r.body().limit(lines).forEach(l -> out.add(Json.parseObject(l.getBytes(StandardCharsets.UTF_8)))));
        t.join(max);
        r.body().close();
        return out;
    }
}
