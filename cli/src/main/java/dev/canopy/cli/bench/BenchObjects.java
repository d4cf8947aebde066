package dev.canopy.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ConfigMaps of {@code canopy bench api}: where object {@code i} lives, its labels and its body.
 * Preloaded object {@code i} is {@code bench-<i % 100>/cm-<i>} with labels {@code app=bench} and
 * {@code bucket=b<(i / 100) % buckets>}, so each bucket holds ~100 objects spread over all namespaces and
 * {@code labelSelector=bucket=bN} lists ~100 items. Bodies are built as text: the client should spend as
 * little of the two cores as it can.
 */
public final class BenchObjects {
    public static final int NAMESPACES = 100;
    public static final String WATCH_NAMESPACE = "bench-watch";
    static final String PAYLOAD = "x".repeat(200);
    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"");

    private final int objects;
    private final int buckets;

    public BenchObjects(int objects) {
        this.objects = objects;
        this.buckets = Math.max(1, objects / 100);
    }

    public int objects() { return objects; }

    public int buckets() { return buckets; }

    public static String namespace(long i) { return "bench-" + (i % NAMESPACES); }

    public static String name(long i) { return "cm-" + i; }

    public String bucket(long i) { return "b" + ((i / 100) % buckets); }

    /** The object's path under the core API. */
    public static String path(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/configmaps/" + name;
    }

    public static String collection(String namespace) { return "/api/v1/namespaces/" + namespace + "/configmaps"; }

    /** Preloaded object {@code i} as a tree, for the store's batch path. */
    public ObjectNode preloaded(long i) {
        return (ObjectNode) Json.parseObject(json(namespace(i), name(i), "bench", bucket(i), 0, null).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A ConfigMap's JSON.
     *
     * @param revision        goes into the data, so an update really changes the object
     * @param resourceVersion null for a create; the expected version for an update
     */
    public static String json(String namespace, String name, String app, String bucket, long revision, String resourceVersion) {
        StringBuilder sb = new StringBuilder(400);
        sb.append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append('"');
        if (resourceVersion != null) sb.append(",\"resourceVersion\":\"").append(resourceVersion).append('"');
        sb.append(",\"labels\":{\"app\":\"").append(app).append('"');
        if (bucket != null) sb.append(",\"bucket\":\"").append(bucket).append('"');
        sb.append("}},\"data\":{\"payload\":\"").append(PAYLOAD).append("\",\"revision\":\"").append(revision).append("\"}}");
        return sb.toString();
    }

    /** The first {@code resourceVersion} in a response body (the object's own), or null. */
    public static String resourceVersion(String body) {
        Matcher m = RESOURCE_VERSION.matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
