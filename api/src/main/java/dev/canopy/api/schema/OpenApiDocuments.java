package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI documents of one registry, rendered once and kept as bytes for serving:
 * {@code GET /openapi/v3} → {@link #index()}, {@code GET /openapi/v3/<path>} → {@link #v3(String)}
 * ({@code path} is {@code api/v1} or {@code apis/<group>/<version>}; the index links each with
 * {@code ?hash=<hash>}, which kube-apiserver answers with {@code Cache-Control: public, immutable}),
 * {@code GET /openapi/v2} → {@link #v2()}. Build it once after the registry is complete; immutable
 * and thread-safe afterwards.
 */
public final class OpenApiDocuments {
    private final Map<String, byte[]> v3 = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final byte[] index;
    private final byte[] v2;

    public OpenApiDocuments(Registry registry) {
        ObjectNode idx = Json.object();
        ObjectNode paths = idx.putObject("paths");
        for (String[] gv : OpenApi.groupVersions(registry)) {
            String path = OpenApi.gvPath(gv[0], gv[1]);
            byte[] doc = Json.writeBytes(OpenApi.v3(registry, gv[0], gv[1]).orElseThrow());
            String hash = OpenApi.hash(doc);
            v3.put(path, doc);
            hashes.put(path, hash);
            paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash);
        }
        index = Json.writeBytes(idx);
        v2 = Json.writeBytes(OpenApi.v2(registry));
    }

    /** The {@code /openapi/v3} discovery document (JSON). */
    public byte[] index() { return index.clone(); }

    /** The OpenAPI v3 document (JSON) of {@code api/v1} or {@code apis/<group>/<version>}, if served. */
    public Optional<byte[]> v3(String path) {
        byte[] b = v3.get(stripSlashes(path));
        return Optional.ofNullable(b == null ? null : b.clone());
    }

    /** The hash (ETag) of a v3 document, if served. */
    public Optional<String> hash(String path) { return Optional.ofNullable(hashes.get(stripSlashes(path))); }

    /** The Swagger 2.0 document (JSON). */
    public byte[] v2() { return v2.clone(); }

    private static String stripSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) s = s.substring(1);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }
}
