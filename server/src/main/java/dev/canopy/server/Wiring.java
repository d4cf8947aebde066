package dev.canopy.server;

import dev.canopy.api.ApiException;
import dev.canopy.api.schema.StrictValidator;
import dev.canopy.server.admission.SchemaCheck;
import dev.canopy.server.http.Patcher;
import dev.canopy.server.patch.PatchContext;
import dev.canopy.server.patch.PatchType;
import dev.canopy.server.patch.Patches;
import java.time.Instant;

/** Adapters from the pure modules (schemas, patches) to the HTTP layer's ports. */
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
}
