package dev.canopy.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Column;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code meta.k8s.io/v1 Table} responses for {@code kubectl get}: NAME, the kind's columns, AGE.
 * Rows carry the object's metadata as a PartialObjectMetadata (kubectl's default {@code includeObject=Metadata}).
 * Built as JSON rather than with fabric8's {@code Table}: its rows hold objects as {@code RawExtension}, and watch
 * events need column definitions on the first event only.
 */
public final class Tables {
    private Tables() {}

    /** Whether the Accept header asks for a Table (kubectl sends {@code application/json;as=Table;v=v1;g=meta.k8s.io,...}). */
    public static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    public static ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, String cont, Long remaining,
                                   boolean withColumns, String includeObject, Instant now) {
        ObjectNode t = Json.object();
        t.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = t.putObject("metadata");
        if (resourceVersion != null) meta.put("resourceVersion", resourceVersion);
        if (cont != null) meta.put("continue", cont);
        if (remaining != null) meta.put("remainingItemCount", remaining);
        ArrayNode cols = t.putArray("columnDefinitions");
        if (withColumns) {
            cols.addObject().put("name", "Name").put("type", "string").put("format", "name")
                    .put("description", "Name must be unique within a namespace.").put("priority", 0);
            for (Column c : type.columns()) {
                cols.addObject().put("name", c.name()).put("type", c.type()).put("format", "")
                        .put("description", c.description()).put("priority", c.priority());
            }
            cols.addObject().put("name", "Age").put("type", "string").put("format", "")
                    .put("description", "Time since the object was created.").put("priority", 0);
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(o.path("metadata").path("name").asText());
            for (Column c : type.columns()) {
                Object v;
                try {
                    v = c.value().apply(o);
                } catch (RuntimeException e) {
                    v = null;
                }
                cells.add(cell(v));
            }
            cells.add(age(o.path("metadata").path("creationTimestamp").asText(""), now));
            if (!"None".equals(includeObject)) row.set("object", "Object".equals(includeObject) ? o : partial(o));
        }
        return t;
    }

    private static JsonNode cell(Object v) {
        if (v == null) return Json.MAPPER.getNodeFactory().textNode("<none>");
        if (v instanceof Number n) return Json.MAPPER.getNodeFactory().numberNode(n.longValue());
        if (v instanceof Boolean b) return Json.MAPPER.getNodeFactory().booleanNode(b);
        String s = v.toString();
        return Json.MAPPER.getNodeFactory().textNode(s.isEmpty() ? "<none>" : s);
    }

    private static ObjectNode partial(ObjectNode o) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", o.path("metadata").deepCopy());
        return p;
    }

    /** kubectl's human duration: 45s, 3m12s, 12m, 5h3m, 2d4h, 30d, 2y40d. */
    public static String age(String timestamp, Instant now) {
        if (timestamp.isEmpty()) return "<unknown>";
        Duration d;
        try {
            d = Duration.between(Instant.parse(timestamp), now);
        } catch (RuntimeException e) {
            return "<unknown>";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 120) return s + "s";
        long m = s / 60;
        if (m < 10) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        if (m < 180) return m + "m";
        long h = m / 60;
        if (h < 8) return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        if (h < 48) return h + "h";
        long days = h / 24;
        if (days < 8) return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        if (days < 365 * 2) return days + "d";
        return (days / 365) + "y" + (days % 365 == 0 ? "" : (days % 365) + "d");
    }
}
