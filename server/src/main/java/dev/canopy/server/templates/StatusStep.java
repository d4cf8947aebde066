package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Step 4: the instance's status — Pending while it renders, then Deployed (with the Template's
 * resourceVersion, the time and the generation rendered) or Failed (reason and message; the objects of an
 * earlier successful render stay where they are). Built purely ({@link #pending}, {@link #deployed},
 * {@link #failed}); written through the status subresource only when it differs. Idempotent.
 */
final class StatusStep {
    private StatusStep() {}

    static ObjectNode pending(JsonNode old) {
        ObjectNode s = old != null && old.isObject() ? ((ObjectNode) old).deepCopy() : Json.object();
        s.put("status", TemplateKinds.PENDING);
        return s;
    }

    static ObjectNode deployed(String templateResourceVersion, long generation, Instant now) {
        ObjectNode s = Json.object();
        s.put("status", TemplateKinds.DEPLOYED).put("templateResourceVersion", templateResourceVersion)
                .put("lastAppliedTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString()).put("observedGeneration", generation);
        return s;
    }

    /** Failed, keeping the last successful render's time (its objects are still applied). */
    static ObjectNode failed(JsonNode old, String reason, String message, String templateResourceVersion, long generation) {
        ObjectNode s = Json.object();
        s.put("status", TemplateKinds.FAILED).put("reason", reason).put("message", message);
        if (templateResourceVersion != null) s.put("templateResourceVersion", templateResourceVersion);
        if (old != null && old.hasNonNull("lastAppliedTimestamp")) s.set("lastAppliedTimestamp", old.get("lastAppliedTimestamp"));
        s.put("observedGeneration", generation);
        return s;
    }

    /** Writes {@code status} unless the stored one equals it; returns the stored object (or the input on a lost race). */
    static ObjectNode write(ResourceStore store, ResourceKey key, ObjectNode instance, ObjectNode status) {
        if (same(instance.path("status"), status)) return instance;
        ObjectNode copy = instance.deepCopy();
        copy.set("status", status);
        Objects.metadata(copy).remove("resourceVersion");
        try {
            return store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        } catch (ApiException e) {
            if (e.code() == 404) return instance;
            throw e;
        }
    }

    /** Equal by value (a long written and an int read back are the same number). */
    static boolean same(JsonNode a, JsonNode b) { return normalize(a).equals(normalize(b)); }

    private static String normalize(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return "";
        try {
            return Json.MAPPER.writeValueAsString(Json.MAPPER.treeToValue(n, java.util.TreeMap.class));
        } catch (Exception e) {
            return n.toString();
        }
    }
}
