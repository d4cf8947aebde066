package dev.canopy.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code metadata.managedFields}: which manager owns which fields, as kube-apiserver records them.
 * {@link #recordUpdate} is for every non-apply write (create, update, JSON/merge/strategic patch);
 * {@link ServerSideApply} handles apply. Pure: inputs are not modified. Thread-safe.
 */
public final class ManagedFields {
    private ManagedFields() {}

    /** One entry; {@code fields} are FieldsV1 paths (see {@link FieldPaths}). */
    record Entry(String manager, String operation, String apiVersion, String time, String subresource, Set<List<String>> fields) {
        boolean sameManager(String m, String op, String sub) {
            return manager.equals(m) && operation.equals(op) && norm(subresource).equals(norm(sub));
        }

        private static String norm(String s) { return s == null ? "" : s; }

        Entry withFields(Set<List<String>> f) { return new Entry(manager, operation, apiVersion, time, subresource, f); }

        ObjectNode json() {
            ObjectNode n = Json.object();
            n.put("manager", manager).put("operation", operation);
            if (apiVersion != null) n.put("apiVersion", apiVersion);
            if (time != null) n.put("time", time);
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", FieldPaths.toFieldsV1(fields));
            if (subresource != null && !subresource.isEmpty()) n.put("subresource", subresource);
            return n;
        }
    }

    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /**
     * Records a non-apply write by {@code manager}: the fields it changed or added become its own and
     * leave their previous owners; removed fields leave every owner. When the write itself set
     * {@code managedFields} to something other than the stored value, that value is taken as given (this
     * is how kubectl migrates client-side-apply ownership to server-side apply); an explicit empty list
     * clears them.
     *
     * @param before the stored object, null on create
     * @return a copy of {@code after} with {@code metadata.managedFields} set
     */
    public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion, Instant now) {
        return recordUpdate(before, after, manager, apiVersion, null, now);
    }

    /** As {@link #recordUpdate(ObjectNode, ObjectNode, String, String, Instant)}, for a write to {@code subresource} ("status"), null for the main resource. */
    public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion, String subresource, Instant now) {
        JsonNode requested = Objects.at(after, "metadata.managedFields");
        JsonNode stored = before == null ? null : Objects.at(before, "metadata.managedFields");
        List<Entry> entries;
        if (requested.isArray() && (stored == null || !requested.equals(stored))) entries = decode(requested);
        else entries = stored == null ? new ArrayList<>() : decode(stored);
        if (requested.isArray() && requested.isEmpty() && stored != null && stored.isArray() && !stored.isEmpty()) {
            return write(after.deepCopy(), List.of()); // an explicit reset
        }
        FieldPaths.Comparison cmp = FieldPaths.compare(withoutManaged(before), withoutManaged(after));
        Set<List<String>> taken = FieldPaths.set();
        taken.addAll(cmp.modified());
        taken.addAll(cmp.added());
        List<Entry> out = new ArrayList<>();
        Entry mine = null;
        for (Entry e : entries) {
            Set<List<String>> f = FieldPaths.set();
            f.addAll(e.fields());
            f.removeAll(cmp.removed());
            if (e.sameManager(manager, UPDATE, subresource)) { mine = e.withFields(f); continue; }
            f.removeAll(taken);
            if (!f.isEmpty()) out.add(e.withFields(f));
        }
        if (!taken.isEmpty()) {
            Set<List<String>> f = FieldPaths.set();
            if (mine != null) f.addAll(mine.fields());
            f.addAll(taken);
            out.add(new Entry(manager, UPDATE, apiVersion, timestamp(now), subresource, f));
        } else if (mine != null && !mine.fields().isEmpty()) {
            out.add(mine);
        }
        return write(after.deepCopy(), out);
    }

    static ObjectNode withoutManaged(ObjectNode o) {
        if (o == null) return null;
        // only compared, never changed: an object without managedFields (most creates) need not be copied
        if (!(o.get("metadata") instanceof ObjectNode meta) || !meta.has("managedFields")) return o;
        ObjectNode c = o.deepCopy();
        if (c.get("metadata") instanceof ObjectNode m) m.remove("managedFields");
        return c;
    }

    static List<Entry> decode(JsonNode list) {
        List<Entry> out = new ArrayList<>();
        if (list == null || !list.isArray()) return out;
        for (JsonNode n : list) {
            if (!n.isObject() || !n.path("manager").isTextual()) continue;
            out.add(new Entry(n.get("manager").asText(), n.path("operation").asText(UPDATE), text(n, "apiVersion"), text(n, "time"),
                    text(n, "subresource"), FieldPaths.fromFieldsV1(n.get("fieldsV1"))));
        }
        return out;
    }

    private static String text(JsonNode n, String f) { return n.hasNonNull(f) ? n.get(f).asText() : null; }

    /** Sets {@code metadata.managedFields} on {@code obj} (sorted as kube-apiserver: Apply first, then by time and manager). */
    static ObjectNode write(ObjectNode obj, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::operation).thenComparing(e -> e.time() == null ? "" : e.time()).thenComparing(Entry::manager));
        ObjectNode meta = Objects.metadata(obj);
        if (sorted.isEmpty()) { meta.remove("managedFields"); return obj; }
        ArrayNode a = meta.putArray("managedFields");
        sorted.forEach(e -> a.add(e.json()));
        return obj;
    }

    static String timestamp(Instant now) { return now.truncatedTo(ChronoUnit.SECONDS).toString(); }
}
