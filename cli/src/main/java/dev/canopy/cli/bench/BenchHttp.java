package dev.canopy.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
        JsonNode kc = Json.parseYaml(Files.readAllBytes(kubeconfig));
        byte[] ca = Base64.getDecoder().decode(kc.at("/clusters/0/cluster/certificate-authority-data").asText());
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(ca)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        return new BenchHttp(URI.create(kc.at("/clusters/0/cluster/server").asText()), kc.at("/users/0/user/token").asText(), http);
    }

    /** GET {@code path}, impersonating {@code as} unless null. */
    Response get(String path, String as) throws IOException, InterruptedException {
        return send(request(path, as).GET());
    }

    /** POST a JSON body to {@code path} as the admin. */
    Response post(String path, String json) throws IOException, InterruptedException {
        return send(request(path, null).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
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
