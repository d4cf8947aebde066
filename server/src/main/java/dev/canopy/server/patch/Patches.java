package dev.canopy.server.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Applies a PATCH body to the stored object. Pure: {@code current} is never modified; the result is a
 * new object that the caller validates and stores (the caller also rejects changes to name, namespace
 * and uid, and records field ownership with {@link ManagedFields#recordUpdate} for non-apply patches).
 * Thread-safe.
 */
public final class Patches {
    private Patches() {}

    static final int MAX_JSON_PATCH_OPERATIONS = 10_000;
    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    /**
     * @param current the stored object; may be null only for {@link PatchType#APPLY} (which then creates)
     * @throws ApiException 400 for a malformed body, 422 when a JSON patch cannot be applied (a failed
     *                      {@code test}, a missing path), 409 for an apply conflict
     */
    public static ObjectNode apply(PatchType type, ObjectNode current, byte[] body, PatchContext ctx) {
        if (current == null && type != PatchType.APPLY) throw new IllegalArgumentException("only apply may patch a missing object");
        return switch (type) {
            case JSON -> jsonPatch(current, body);
            case MERGE -> asObject(mergePatch(current, parseObject(body, "merge patch")), "merge patch");
            case STRATEGIC -> StrategicMerge.apply(current, parseObject(body, "strategic merge patch"));
            case APPLY -> {
                JsonNode applied = Json.parseYaml(body);
                if (applied == null || !applied.isObject()) throw ApiException.badRequest("apply patch must be a YAML or JSON object");
                yield ServerSideApply.apply(current, (ObjectNode) applied, ctx.fieldManager(), ctx.force(), ctx.subresource(), ctx.now());
            }
        };
    }

    /** RFC 7386 merge of {@code patch} into {@code target} (neither is modified). */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch.deepCopy();
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        for (var e : patch.properties()) {
            if (e.getValue().isNull()) result.remove(e.getKey());
            else result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
        }
        return result;
    }

    private static ObjectNode jsonPatch(ObjectNode current, byte[] body) {
        JsonNode ops;
        try {
            ops = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON patch: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read JSON patch: " + e.getMessage());
        }
        if (ops == null || !ops.isArray()) throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
        if (ops.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw ApiException.tooLarge("the JSON patch has " + ops.size() + " operations, more than the maximum of " + MAX_JSON_PATCH_OPERATIONS);
        }
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            String where = "JSON patch operation " + i;
            if (!op.isObject()) throw ApiException.badRequest(where + " must be an object");
            String name = op.path("op").asText("");
            if (!OPS.contains(name)) throw ApiException.badRequest(where + ": unsupported op \"" + name + "\" (use add, remove, replace, move, copy or test)");
            if (!op.path("path").isTextual()) throw ApiException.badRequest(where + " (" + name + "): \"path\" must be a string");
            if (Set.of("add", "replace", "test").contains(name) && !op.has("value")) throw ApiException.badRequest(where + " (" + name + "): \"value\" is required");
            if (Set.of("move", "copy").contains(name) && !op.path("from").isTextual()) throw ApiException.badRequest(where + " (" + name + "): \"from\" must be a string");
        }
        JsonNode out;
        try {
            // RFC 6902 (and kube-apiserver): removing a missing member is an error, not a no-op.
            out = JsonPatch.apply(ops, current.deepCopy(), java.util.EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
        } catch (RuntimeException e) {
            throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
        }
        return asObject(out, "JSON patch");
    }

    private static ObjectNode parseObject(byte[] body, String what) {
        try {
            return Json.parseObject(body);
        } catch (ApiException e) {
            throw ApiException.badRequest(what + ": " + e.getMessage());
        }
    }

    private static ObjectNode asObject(JsonNode n, String what) {
        if (n instanceof ObjectNode o) return o;
        throw ApiException.badRequest("the " + what + " turned the object into a " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
}
