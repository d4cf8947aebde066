package dev.canopy.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.api.schema.OpenApiDocuments;
import dev.canopy.api.schema.StrictValidator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest HTTP API kubectl accepts (discovery, OpenAPI, get/create/replace/patch in memory), to
 * drive this package's engines and the schema layer with the real kubectl. Not the Canopy server.
 */
final class MiniApiServer implements AutoCloseable {
    private final Registry registry;
    private final OpenApiDocuments docs;
    private final Map<String, ObjectNode> store = new ConcurrentHashMap<>();
    private final HttpServer http;

    MiniApiServer(Registry registry) throws IOException {
        this.registry = registry;
        this.docs = new OpenApiDocuments(registry);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            try {
                handle(ex);
            } catch (ApiException e) {
                ObjectNode st = Json.object().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                        .put("message", e.getMessage()).put("reason", e.reason()).put("code", e.code());
                send(ex, e.code(), Json.writeBytes(st));
            } catch (RuntimeException e) {
                send(ex, 500, Json.writeBytes(Json.object().put("kind", "Status").put("message", e.toString()).put("code", 500)));
            }
        });
        http.start();
    }

    String url() { return "http://127.0.0.1:" + http.getAddress().getPort(); }

    ObjectNode stored(String storageResource, String namespace, String name) { return store.get(storageResource + "/" + namespace + "/" + name); }

    @Override public void close() { http.stop(0); }

    private static void send(HttpExchange ex, int code, byte[] b) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) for (String p : raw.split("&")) {
            String[] kv = p.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return m;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        byte[] body = ex.getRequestBody().readAllBytes();
        if (path.equals("/api")) {
            ObjectNode n = Json.object().put("kind", "APIVersions");
            n.putArray("versions").add("v1");
            n.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
            send(ex, 200, Json.writeBytes(n));
            return;
        }
        if (path.equals("/apis")) {
            ObjectNode n = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = n.putArray("groups");
            for (String g : registry.groups()) {
                if (g.isEmpty()) continue;
                ObjectNode go = groups.addObject().put("name", g);
                ArrayNode vs = go.putArray("versions");
                for (String v : registry.versions(g)) vs.addObject().put("groupVersion", g + "/" + v).put("version", v);
                String pv = registry.versions(g).get(0);
                go.putObject("preferredVersion").put("groupVersion", g + "/" + pv).put("version", pv);
            }
            send(ex, 200, Json.writeBytes(n));
            return;
        }
        if (path.equals("/openapi/v3")) { send(ex, 200, docs.index()); return; }
        if (path.equals("/openapi/v2")) { send(ex, 200, docs.v2()); return; }
        if (path.startsWith("/openapi/v3/")) {
            send(ex, 200, docs.v3(path.substring("/openapi/v3/".length())).orElseThrow(() -> ApiException.notFound("openapi", path)));
            return;
        }
        String[] parts = path.substring(1).split("/");
        if (parts.length < 2 || (!parts[0].equals("api") && parts.length < 3)) throw ApiException.notFound("paths", path);
        boolean core = parts[0].equals("api");
        String g = core ? "" : parts[1], v = core ? parts[1] : parts[2];
        int i = core ? 2 : 3;
        if (parts.length == i) { send(ex, 200, Json.writeBytes(resourceList(g, v))); return; }
        String ns = null;
        if (parts[i].equals("namespaces") && parts.length > i + 2) { ns = parts[i + 1]; i += 2; }
        String plural = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        ResourceType t = registry.find(g, v, plural).orElseThrow(() -> ApiException.notFound(plural, ""));
        String key = t.storageResource() + "/" + ns + "/" + name;
        ObjectNode cur = name == null ? null : store.get(key);
        Instant now = Instant.now();
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                if (cur == null) throw ApiException.notFound(t.groupResource(), name);
                send(ex, 200, Json.writeBytes(cur));
            }
            case "POST" -> {
                ObjectNode o = Json.parseObject(body);
                validate(t, o, q);
                key = t.storageResource() + "/" + ns + "/" + Objects.name(o);
                if (store.containsKey(key)) throw ApiException.alreadyExists(t.groupResource(), Objects.name(o));
                o.put("apiVersion", t.apiVersion()).put("kind", t.kind());
                if (ns != null) Objects.metadata(o).put("namespace", ns);
                o = ManagedFields.recordUpdate(null, o, q.getOrDefault("fieldManager", "kubectl-create"), t.apiVersion(), now);
                store.put(key, o);
                send(ex, 201, Json.writeBytes(o));
            }
            case "PATCH" -> {
                PatchType pt = PatchType.fromContentType(ex.getRequestHeaders().getFirst("Content-Type"))
                        .orElseThrow(() -> ApiException.unsupportedMediaType("unsupported patch type"));
                if (cur == null && pt != PatchType.APPLY) throw ApiException.notFound(t.groupResource(), name);
                ObjectNode o = Patches.apply(pt, cur, body, new PatchContext(q.get("fieldManager"), "true".equals(q.get("force")), now));
                if (pt != PatchType.APPLY) o = ManagedFields.recordUpdate(cur, o, q.getOrDefault("fieldManager", "kubectl-patch"), t.apiVersion(), now);
                if (ns != null) Objects.metadata(o).put("namespace", ns);
                validate(t, o, q);
                store.put(key, o);
                send(ex, cur == null ? 201 : 200, Json.writeBytes(o));
            }
            default -> throw ApiException.methodNotAllowed(ex.getRequestMethod());
        }
    }

    private ObjectNode resourceList(String g, String v) {
        ObjectNode n = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", g.isEmpty() ? v : g + "/" + v);
        ArrayNode rs = n.putArray("resources");
        for (ResourceType t : registry.resources(g, v)) {
            ObjectNode r = rs.addObject().put("name", t.plural()).put("singularName", t.singular()).put("namespaced", t.namespaced()).put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            t.verbs().stream().sorted().forEach(verbs::add);
            ArrayNode sn = r.putArray("shortNames");
            t.shortNames().forEach(sn::add);
        }
        return n;
    }

    private static void validate(ResourceType t, JsonNode o, Map<String, String> q) {
        List<FieldError> errs = new ArrayList<>(StrictValidator.checkTypeMeta(t, o));
        if ("Strict".equals(q.get("fieldValidation"))) errs.addAll(StrictValidator.validate(t, o));
        if (!errs.isEmpty()) throw ApiException.invalid(t.kind(), Objects.name(o), errs);
    }
}
