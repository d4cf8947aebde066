package dev.canopy.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.schema.ListRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Strategic merge patch as kubectl sends it: merge-patch semantics, plus lists merged by key where
 * {@link ListRules} says so, and the directives {@code $patch: replace|delete|merge},
 * {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}.
 * Lists without a rule are replaced, as for Kubernetes fields without a patch strategy. Pure.
 */
final class StrategicMerge {
    private StrategicMerge() {}

    private static final String PATCH = "$patch";
    private static final String RETAIN = "$retainKeys";
    private static final String ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

    static ObjectNode apply(ObjectNode current, ObjectNode patch) {
        JsonNode out = mergeMap(current.deepCopy(), patch, "");
        if (out instanceof ObjectNode o) return o;
        throw ApiException.badRequest("strategic merge patch did not produce an object");
    }

    private static boolean directive(String key) {
        return key.equals(PATCH) || key.equals(RETAIN) || key.startsWith(ORDER) || key.startsWith(DELETE_PRIMITIVE);
    }

    /** Merges {@code patch} into {@code original} (owned by the caller, modified in place); {@code parent} names the map. */
    private static JsonNode mergeMap(ObjectNode original, ObjectNode patch, String parent) {
        JsonNode d = patch.get(PATCH);
        if (d != null) {
            switch (d.asText()) {
                case "replace" -> {
                    ObjectNode copy = patch.deepCopy();
                    copy.remove(PATCH);
                    return mergeMap(Json.object(), copy, parent);
                }
                case "delete" -> { return Json.object(); }
                case "merge" -> { }
                default -> throw ApiException.badRequest("unknown patch type: \"" + d.asText() + "\" in map under \"" + parent + "\" (use replace, delete or merge)");
            }
        }
        JsonNode retain = patch.get(RETAIN);
        if (retain != null) {
            if (!retain.isArray()) throw ApiException.badRequest("$retainKeys under \"" + parent + "\" must be a list of field names");
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asText()));
            patch.fieldNames().forEachRemaining(k -> {
                if (!directive(k) && !keep.contains(k)) throw ApiException.badRequest("field \"" + k + "\" under \"" + parent + "\" is not present in the $retainKeys list");
            });
            original.retain(keep);
        }
        for (var e : patch.properties()) {
            if (!e.getKey().startsWith(DELETE_PRIMITIVE)) continue;
            String list = e.getKey().substring(DELETE_PRIMITIVE.length());
            if (!e.getValue().isArray()) throw ApiException.badRequest(e.getKey() + " must be a list");
            if (original.get(list) instanceof ArrayNode a) {
                Set<JsonNode> gone = new HashSet<>();
                e.getValue().forEach(gone::add);
                ArrayNode kept = Json.MAPPER.createArrayNode();
                a.forEach(x -> { if (!gone.contains(x)) kept.add(x); });
                original.set(list, kept);
            }
        }
        Map<String, ArrayNode> before = new java.util.HashMap<>();
        for (var e : patch.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (directive(k)) continue;
            if (v.isNull()) { original.remove(k); continue; }
            JsonNode o = original.get(k);
            if (o instanceof ObjectNode om && v instanceof ObjectNode vm) original.set(k, mergeMap(om, vm, k));
            else if (o instanceof ArrayNode oa && v instanceof ArrayNode va) {
                before.put(k, oa.deepCopy());
                original.set(k, mergeList(oa, va, parent, k));
            } else original.set(k, fresh(v, parent, k));
        }
        for (var e : patch.properties()) {
            if (!e.getKey().startsWith(ORDER)) continue;
            String list = e.getKey().substring(ORDER.length());
            if (!e.getValue().isArray()) throw ApiException.badRequest(e.getKey() + " must be a list");
            if (original.get(list) instanceof ArrayNode merged) {
                ArrayNode server = before.getOrDefault(list, merged);
                Function<JsonNode, JsonNode> id = identity(parent, list, e.getKey());
                original.set(list, reorder(merged, (ArrayNode) e.getValue(), server, id));
            }
        }
        return original;
    }

    /** A patch value for a field the original lacks: directives inside it still apply (to nothing). */
    private static JsonNode fresh(JsonNode v, String parent, String field) {
        if (v instanceof ObjectNode o) return mergeMap(Json.object(), o, field);
        if (v instanceof ArrayNode a) return mergeList(Json.MAPPER.createArrayNode(), a, parent, field);
        return v.deepCopy();
    }

    private static JsonNode mergeList(ArrayNode original, ArrayNode patch, String parent, String field) {
        List<JsonNode> items = new ArrayList<>();
        boolean replace = false;
        for (JsonNode p : patch) {
            if (p.isObject() && p.size() == 1 && p.has(PATCH)) {
                if (!p.get(PATCH).asText().equals("replace")) throw ApiException.badRequest("unknown list directive \"" + p.get(PATCH).asText() + "\" in \"" + field + "\"");
                replace = true;
            } else items.add(p);
        }
        Optional<ListRules.Rule> rule = ListRules.find(parent, field);
        if (replace || rule.isEmpty()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode p : items) out.add(p instanceof ObjectNode o ? mergeMap(Json.object(), o, field) : p.deepCopy());
            return out;
        }
        ArrayNode result = original.deepCopy();
        if (rule.get().primitiveSet()) {
            for (JsonNode p : items) if (!contains(result, p)) result.add(p.deepCopy());
            return result;
        }
        String key = rule.get().mergeKey();
        for (JsonNode p : items) {
            if (!(p instanceof ObjectNode po)) throw ApiException.badRequest("\"" + field + "\" is merged by \"" + key + "\": its items must be objects, got " + p);
            JsonNode kv = po.get(key);
            if (kv == null) throw ApiException.badRequest("map: " + p + " does not contain declared merge key: " + key);
            int idx = indexOf(result, key, kv);
            if (po.path(PATCH).asText("").equals("delete")) {
                if (idx >= 0) result.remove(idx);
                continue;
            }
            if (idx >= 0 && result.get(idx) instanceof ObjectNode existing) result.set(idx, mergeMap(existing, po, field));
            else result.add(mergeMap(Json.object(), po, field));
        }
        return result;
    }

    private static Function<JsonNode, JsonNode> identity(String parent, String list, String directive) {
        Optional<ListRules.Rule> rule = ListRules.find(parent, list);
        if (rule.isEmpty() || rule.get().primitiveSet()) return x -> x;
        String key = rule.get().mergeKey();
        return x -> x.path(key);
    }

    /**
     * {@code $setElementOrder}: items named in {@code order} come in that order; items only on the
     * server keep their place relative to them (kube's normalizeElementOrder + mergeSortedSlice).
     */
    private static ArrayNode reorder(ArrayNode merged, ArrayNode order, ArrayNode server, Function<JsonNode, JsonNode> id) {
        List<JsonNode> orderIds = new ArrayList<>();
        order.forEach(o -> orderIds.add(o.isObject() ? id.apply(o) : o));
        List<JsonNode> serverIds = new ArrayList<>();
        server.forEach(s -> serverIds.add(id.apply(s)));
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode m : merged) (orderIds.contains(id.apply(m)) ? inPatch : serverOnly).add(m);
        inPatch.sort(java.util.Comparator.comparingInt(m -> orderIds.indexOf(id.apply(m))));
        serverOnly.sort(java.util.Comparator.comparingInt(m -> {
            int i = serverIds.indexOf(id.apply(m));
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        ArrayNode out = Json.MAPPER.createArrayNode();
        int i = 0, j = 0;
        while (i < serverOnly.size() || j < inPatch.size()) {
            if (i >= serverOnly.size()) out.add(inPatch.get(j++));
            else if (j >= inPatch.size()) out.add(serverOnly.get(i++));
            else {
                int li = serverIds.indexOf(id.apply(serverOnly.get(i)));
                int ri = serverIds.indexOf(id.apply(inPatch.get(j)));
                if (li >= 0 && ri >= 0 && li < ri) out.add(serverOnly.get(i++));
                else out.add(inPatch.get(j++));
            }
        }
        return out;
    }

    private static boolean contains(ArrayNode a, JsonNode v) {
        for (JsonNode x : a) if (x.equals(v)) return true;
        return false;
    }

    private static int indexOf(ArrayNode a, String key, JsonNode value) {
        for (int i = 0; i < a.size(); i++) if (value.equals(a.get(i).get(key))) return i;
        return -1;
    }
}
