package dev.canopy.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** For the tenancy and kiosk ITs: HTTPS requests against a seed as its admin, optionally impersonating a user (as {@code kubectl --as}). */
public final class Api {
    public record Response(int code, String body) {
        public JsonNode json() { return Json.parseYaml(body.getBytes(StandardCharsets.UTF_8)); }
    }

    private final URI server;
    private final String token;
    private final HttpClient http;
    private final String as;
    private final List<String> groups;

    private Api(URI server, String token, HttpClient http, String as, List<String> groups) {
        this.server = server;
        this.token = token;
        this.http = http;
        this.as = as;
        this.groups = groups;
    }

    public static Api admin(Path kubeconfig) throws Exception {
        var access = dev.canopy.server.auth.Kubeconfigs.read(kubeconfig);
        HttpClient http = HttpClient.newBuilder().sslContext(access.tls()).connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        return new Api(access.server(), access.token(), http, null, List.of());
    }

    /** The same connection impersonating {@code user} (in {@code system:authenticated} and {@code groups}). */
    public Api as(String user, String... groups) { return new Api(server, token, http, user, List.of(groups)); }

    public Response send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (as != null) b.header("Impersonate-User", as);
        for (String g : groups) b.header("Impersonate-Group", g);
        if (contentType != null) b.header("Content-Type", contentType);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    public Response get(String path) throws Exception { return send("GET", path, null, null); }

    public Response post(String path, String yaml) throws Exception {
        return send("POST", path, "application/json", Json.write(Json.parseYaml(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    public Response put(String path, JsonNode body) throws Exception { return send("PUT", path, "application/json", Json.write(body)); }

    public Response delete(String path) throws Exception { return send("DELETE", path, null, null); }

    public Response patch(String path, String mergePatchJson) throws Exception { return send("PATCH", path, "application/merge-patch+json", mergePatchJson); }

    /** Names of the items of a list response. */
    public static List<String> names(Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : r.json().path("items")) out.add(i.path("metadata").path("name").asText());
        return out;
    }

    /** Collects watch events in the background; the caller closes the returned stream handle by interrupting. */
    public List<JsonNode> watch(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + token).GET();
        if (as != null) b.header("Impersonate-User", as);
        HttpResponse<java.util.stream.Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        List<JsonNode> out = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> r.body().forEach(l -> out.add(Json.parseObject(l.getBytes(StandardCharsets.UTF_8)))));
        return out;
    }
}
