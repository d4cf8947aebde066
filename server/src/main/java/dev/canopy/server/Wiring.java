package dev.canopy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Registry;
import dev.canopy.api.schema.OpenApi;
import dev.canopy.api.schema.StrictValidator;
import dev.canopy.server.admission.SchemaCheck;
import dev.canopy.server.http.OpenApiDocs;
import dev.canopy.server.http.Patcher;
import dev.canopy.server.patch.PatchContext;
import dev.canopy.server.patch.PatchType;
import dev.canopy.server.patch.Patches;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Adapters from the pure modules (schemas, patches, OpenAPI) to the HTTP layer's ports. */
final class Wiring {
    private Wiring() {}

    static SchemaCheck schemaCheck() {
        return StrictValidator::validate;
    }

    static Patcher patcher() {
        return (contentType, current, body, type, manager, force) -> Patches.apply(
                PatchType.fromContentType(contentType).orElseThrow(() -> ApiException.unsupportedMediaType("the Content-Type \"" + contentType
                        + "\" is not a patch type; use one of application/json-patch+json, application/merge-patch+json, "
                        + "application/strategic-merge-patch+json, application/apply-patch+yaml")),
                current, body, new PatchContext(manager, force, Instant.now()));
    }

    /** The documents are derived from the registry, which never changes after start: built once, on first use. */
    static OpenApiDocs openApi(Registry registry) {
        Map<String, ObjectNode> cache = new ConcurrentHashMap<>();
        return new OpenApiDocs() {
            @Override public ObjectNode v3Index() { return cache.computeIfAbsent("v3", k -> OpenApi.v3Index(registry)); }
            @Override public ObjectNode v3(String group, String version) {
                return cache.computeIfAbsent("v3/" + group + "/" + version, k -> OpenApi.v3(registry, group, version)
                        .orElseThrow(() -> new ApiException(404, "NotFound", "no OpenAPI document for " + (group.isEmpty() ? "" : group + "/") + version)));
            }
            @Override public ObjectNode v2() { return cache.computeIfAbsent("v2", k -> OpenApi.v2(registry)); }
        };
    }
}
