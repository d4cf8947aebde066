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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS to a seed that trusts the seed's CA and sends the bearer token, both read from a kubeconfig's
 * current context. Requests go through {@link BlockingHttps} (blocking HTTP/1.1 on pooled keep-alive TLS
 * sockets); watches, which stream, through a JDK {@link HttpClient}. Thread-safe: all bench clients share
 * one, like the clients of one process would.
 */
public final class SeedHttp {
    /** A response: its status and body. */
    public record Reply(int status, String body) {
        public boolean ok() { return status / 100 == 2; }
    }

    private final URI server;
    private final String bearer;
    private final HttpClient client;
    private final BlockingHttps requests;

    private SeedHttp(URI server, String token, SSLContext tls) {
        this.server = server;
        this.bearer = "Bearer " + token;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).executor(Runnable::run).build();
        this.requests = new BlockingHttps(server, tls, bearer);
    }

    /** Reads server, CA data and token of the kubeconfig's current context (the shape admin.kubeconfig has). */
    public static SeedHttp fromKubeconfig(Path kubeconfig) throws IOException {
        JsonNode kc = Json.YAML.readTree(Files.readString(kubeconfig));
        String current = kc.path("current-context").asText();
        JsonNode ctx = pick(kc.path("contexts"), current).path("context");
        JsonNode cluster = pick(kc.path("clusters"), ctx.path("cluster").asText()).path("cluster");
        JsonNode user = pick(kc.path("users"), ctx.path("user").asText()).path("user");
        String ca = cluster.path("certificate-authority-data").asText();
        String token = user.path("token").asText();
        if (ca.isEmpty() || token.isEmpty()) throw new IOException(kubeconfig + ": needs certificate-authority-data and a token");
        return new SeedHttp(URI.create(cluster.path("server").asText()), token, trusting(Base64.getDecoder().decode(ca)));
    }

    private static JsonNode pick(JsonNode list, String name) {
        for (JsonNode n : list) if (name.isEmpty() || n.path("name").asText().equals(name)) return n;
        return list.path(0);
    }

    private static SSLContext trusting(byte[] caPem) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem))) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot trust the seed's CA: " + e.getMessage(), e);
        }
    }

    public Reply get(String path) throws IOException { return requests.send("GET", path, null); }

    public Reply post(String path, String json) throws IOException { return requests.send("POST", path, json); }

    public Reply put(String path, String json) throws IOException { return requests.send("PUT", path, json); }

    /** TLS connections opened for requests so far (watches not counted). */
    int connectionsOpened() { return requests.opened(); }

    /** Opens a watch; the caller reads (and closes) the stream of newline-delimited events. */
    public Stream<String> watch(String path) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            try (Stream<String> body = r.body()) {
                throw new IOException("watch " + path + ": HTTP " + r.statusCode() + " " + String.join("", body.toList()));
            }
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).header("Authorization", bearer).header("Accept", "application/json");
    }

}
