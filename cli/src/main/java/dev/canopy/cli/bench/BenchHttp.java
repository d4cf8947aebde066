package dev.canopy.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * HTTPS to a seed as the admin of its {@code admin.kubeconfig} (trusting only the CA written there),
 * optionally impersonating a user with {@code Impersonate-User}, as {@code kubectl --as} does. One JDK
 * {@link HttpClient} with keep-alive connections; thread-safe.
 */
final class BenchHttp {
    /** A response: status code and body. */
    record Response(int code, String body) {}

    private final URI server;
    private final String token;
    private final HttpClient http;

    private BenchHttp(URI server, String token, HttpClient http) {
        this.server = server;
        this.token = token;
        this.http = http;
    }

    /** Reads server, CA and bearer token from a kubeconfig written by the seed. */
    static BenchHttp admin(Path kubeconfig) throws IOException, GeneralSecurityException {
        var access = dev.canopy.server.auth.Kubeconfigs.read(kubeconfig);
        HttpClient http = HttpClient.newBuilder().sslContext(access.tls()).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        return new BenchHttp(access.server(), access.token(), http);
    }

    /** GET {@code path}, impersonating {@code as} unless null. */
    Response get(String path, String as) throws IOException, InterruptedException {
        return send(request(path, as).GET());
    }

    /** POST a JSON body to {@code path} as the admin. */
    Response post(String path, String json) throws IOException, InterruptedException {
        return send(request(path, null).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POST a JSON body to {@code path}, impersonating {@code as} unless null. */
    Response post(String path, String json, String as) throws IOException, InterruptedException {
        return send(request(path, as).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String as) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        if (as != null) b.header("Impersonate-User", as);
        return b;
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }
}
