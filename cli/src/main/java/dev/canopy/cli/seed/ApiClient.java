package dev.canopy.cli.seed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CliException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain JSON requests to the seed through the fabric8 client's HTTP stack, which already carries the
 * kubeconfig's credentials, CA and impersonation headers. Used for kinds fabric8 has no model for and
 * for paths such as {@code /version}; no API discovery round trip is needed.
 */
public final class ApiClient {
    private final HttpClient http;
    private final String base;
    private final long timeoutSeconds;

    public ApiClient(KubernetesClient client, long timeoutSeconds) {
        this.http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** GET {@code path} (starting with {@code /}); a non-2xx answer throws {@link ApiError}. */
    public JsonNode get(String path) {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json").build());
    }

    /**
     * GET {@code path} as a server-side {@code meta.k8s.io/v1 Table} (what {@code kubectl get} asks for),
     * ready for {@link dev.canopy.cli.output.TablePrinter#fromServerTable}. Falls back to plain JSON on a
     * server that does not render tables, as kube-apiserver's Accept negotiation does.
     */
    public JsonNode getTable(String path) {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", TABLE_ACCEPT).build());
    }

    static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    /** POST {@code body} as JSON to {@code path}; returns the created object. */
    public JsonNode post(String path, Object body) {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json")
                .post("application/json", Json.writeBytes(body)).build());
    }

    /** PATCH {@code path} with a JSON merge patch; returns the patched object. */
    public JsonNode mergePatch(String path, Object patch) {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json")
                .method("PATCH", "application/merge-patch+json", Json.write(patch)).build());
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> resp;
        try {
            resp = http.sendAsync(request, String.class).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (TimeoutException e) {
            throw new CliException("Unable to connect to the server: no answer from " + base + " within " + timeoutSeconds + "s");
        } catch (ExecutionException e) {
            throw new CliException("Unable to connect to the server " + base + ": " + rootMessage(e));
        }
        if (!resp.isSuccessful()) throw ApiError.fromResponse(resp.code(), resp.body());
        try {
            return Json.MAPPER.readTree(resp.body() == null ? "{}" : resp.body());
        } catch (IOException e) {
            throw new CliException("the server at " + base + " answered with something that is not JSON: " + e.getMessage());
        }
    }

    /** The innermost cause's message: "Connection refused" is more useful than three layers of wrappers. */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}
