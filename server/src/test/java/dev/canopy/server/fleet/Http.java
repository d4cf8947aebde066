package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/** Plain JSON requests through a fabric8 client's HTTP stack (its token, CA and impersonation). */
record Http(KubernetesClient client) {
    record Response(int code, JsonNode body) {}

    Response get(String path) throws Exception {
        return send(client.getHttpClient().newHttpRequestBuilder().uri(base() + path).header("Accept", "application/json").build());
    }

    Response post(String path, String json) throws Exception {
        return send(client.getHttpClient().newHttpRequestBuilder().uri(base() + path).header("Accept", "application/json")
                .post("application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
    }

    Response mergePatch(String path, String json) throws Exception {
        return send(client.getHttpClient().newHttpRequestBuilder().uri(base() + path).header("Accept", "application/json")
                .method("PATCH", "application/merge-patch+json", json).build());
    }

    private String base() {
        String u = client.getConfiguration().getMasterUrl();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private Response send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = client.getHttpClient().sendAsync(r, String.class).get(60, TimeUnit.SECONDS);
        return new Response(resp.code(), Json.MAPPER.readTree(resp.body() == null || resp.body().isEmpty() ? "{}" : resp.body()));
    }
}
