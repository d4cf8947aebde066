package dev.canopy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Null-safe reads and writes on unstructured objects ({@link ObjectNode}s). */
public final class Objects {
    private Objects() {}

    /** The node at a dotted path, or a MissingNode. */
    public static JsonNode at(JsonNode obj, String dottedPath) {
        JsonNode n = obj;
        for (String p : dottedPath.split("\\.")) {
            if (n == null) break;
            n = n.get(p);
        }
        return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
    }

    public static String text(JsonNode obj, String dottedPath) {
        JsonNode n = at(obj, dottedPath);
        return n.isMissingNode() || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
    }

    public static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode o) return o;
        return obj.putObject("metadata");
    }

    public static String name(JsonNode obj) { return text(obj, "metadata.name"); }
    public static String namespace(JsonNode obj) { return text(obj, "metadata.namespace"); }
    public static String resourceVersion(JsonNode obj) { return text(obj, "metadata.resourceVersion"); }
    public static String uid(JsonNode obj) { return text(obj, "metadata.uid"); }

    public static Map<String, String> labels(JsonNode obj) { return stringMap(at(obj, "metadata.labels")); }
    public static Map<String, String> annotations(JsonNode obj) { return stringMap(at(obj, "metadata.annotations")); }

    public static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public static java.util.List<String> finalizers(JsonNode obj) {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode f = at(obj, "metadata.finalizers");
        if (f instanceof ArrayNode a) a.forEach(x -> out.add(x.asText()));
        return out;
    }

    public static boolean deleting(JsonNode obj) {
        JsonNode d = at(obj, "metadata.deletionTimestamp");
        return !d.isMissingNode() && !d.isNull();
    }
}
