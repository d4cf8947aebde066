package dev.canopy.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.schema.ListRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Server-side apply with Kubernetes' semantics (structured-merge-diff): the applied configuration is
 * merged into the live object and its fields become the manager's; fields the manager applied last
 * time but omits now are removed unless another manager owns them; changing a field another manager
 * owns is a 409 conflict unless forced (then the field changes hands). Pure. Thread-safe.
 */
public final class ServerSideApply {
    private ServerSideApply() {}

    /**
     * @param current the stored object, or null to create
     * @param applied the caller's configuration (apiVersion, kind, metadata.name and the fields it manages)
     * @return the new object with {@code metadata.managedFields}; the caller still sets server fields
     *         (uid, resourceVersion, ...) and validates it
     */
    public static ObjectNode apply(ObjectNode current, ObjectNode applied, String fieldManager, boolean force, Instant now) {
        return apply(current, applied, fieldManager, force, null, now);
    }

    /**
     * As {@link #apply(ObjectNode, ObjectNode, String, boolean, Instant)} for an apply to
     * {@code subresource} ("status"; null for the main resource). The caller removes what the
     * endpoint does not write from {@code applied} first (status on the main resource of a kind with a
     * status subresource, everything but status on /status), so that it is neither changed nor owned.
     */
    public static ObjectNode apply(ObjectNode current, ObjectNode applied, String fieldManager, boolean force, String subresource, Instant now) {
        if (fieldManager == null || fieldManager.isBlank()) {
            throw ApiException.badRequest("PATCH with application/apply-patch+yaml requires the fieldManager query parameter");
        }
        if (!applied.path("apiVersion").isTextual() || applied.get("apiVersion").asText().isEmpty()) throw ApiException.badRequest("apply configuration: apiVersion must be set");
        if (!applied.path("kind").isTextual() || applied.get("kind").asText().isEmpty()) throw ApiException.badRequest("apply configuration: kind must be set");
        JsonNode mf = Objects.at(applied, "metadata.managedFields");
        if (!mf.isMissingNode() && !mf.isNull() && !mf.isEmpty()) throw ApiException.badRequest("metadata.managedFields must be nil");

        ObjectNode live = current == null ? Json.object() : ManagedFields.withoutManaged(current);
        List<ManagedFields.Entry> entries = current == null ? new ArrayList<>() : ManagedFields.decode(Objects.at(current, "metadata.managedFields"));
        if (current != null && entries.isEmpty()) {
            // An object written without ownership tracking: what is there belongs to "before-first-apply".
            Set<List<String>> existing = FieldPaths.of(live);
            if (!existing.isEmpty()) entries.add(new ManagedFields.Entry("before-first-apply", ManagedFields.UPDATE, live.path("apiVersion").asText(), null, null, existing));
        }
        ObjectNode config = applied.deepCopy();
        if (config.get("metadata") instanceof ObjectNode m) m.remove("managedFields");

        ObjectNode merged = (ObjectNode) merge(live, config, "", "");
        Set<List<String>> mine = FieldPaths.of(config);
        ManagedFields.Entry previous = null;
        List<ManagedFields.Entry> others = new ArrayList<>();
        for (ManagedFields.Entry e : entries) {
            if (e.sameManager(fieldManager, ManagedFields.APPLY, subresource)) previous = e;
            else others.add(e);
        }
        // Prune what this manager applied before, omits now, and nobody else owns.
        if (previous != null) {
            Set<List<String>> owned = FieldPaths.set();
            owned.addAll(mine);
            others.forEach(e -> owned.addAll(e.fields()));
            List<List<String>> drop = new ArrayList<>();
            for (List<String> p : previous.fields()) if (!owned.contains(p)) drop.add(p);
            // Ancestors first: removing an item removes its fields too (its key field among them).
            drop.sort(Comparator.comparingInt(List::size));
            List<List<String>> removed = new ArrayList<>();
            for (List<String> p : drop) {
                if (removed.stream().anyMatch(r -> p.size() > r.size() && p.subList(0, r.size()).equals(r))) continue;
                boolean descendantOwned = owned.stream().anyMatch(o -> o.size() > p.size() && o.subList(0, p.size()).equals(p));
                if (descendantOwned) continue;
                remove(merged, p);
                removed.add(p);
            }
        }
        FieldPaths.Comparison cmp = FieldPaths.compare(live, merged);
        Set<List<String>> changed = FieldPaths.set();
        changed.addAll(cmp.modified());
        changed.addAll(cmp.added());
        Map<String, List<List<String>>> conflicts = new TreeMap<>();
        List<ManagedFields.Entry> kept = new ArrayList<>();
        for (ManagedFields.Entry e : others) {
            Set<List<String>> f = FieldPaths.set();
            f.addAll(e.fields());
            List<List<String>> clash = new ArrayList<>();
            for (List<String> p : e.fields()) if (changed.contains(p)) clash.add(p);
            if (!clash.isEmpty()) conflicts.computeIfAbsent(describe(e), k -> new ArrayList<>()).addAll(clash);
            f.removeAll(changed);
            f.removeAll(cmp.removed());
            if (!f.isEmpty()) kept.add(e.withFields(f));
        }
        if (!conflicts.isEmpty() && !force) throw conflict(conflicts, Objects.name(merged), applied.get("kind").asText());
        boolean objectChanged = !cmp.empty();
        String time = objectChanged || previous == null || !previous.fields().equals(mine) || previous.time() == null
                ? ManagedFields.timestamp(now) : previous.time();
        if (!mine.isEmpty()) kept.add(new ManagedFields.Entry(fieldManager, ManagedFields.APPLY, applied.get("apiVersion").asText(), time, subresource, mine));
        return ManagedFields.write(merged, kept);
    }

    private static String describe(ManagedFields.Entry e) {
        String s = "\"" + e.manager() + "\"";
        if (e.subresource() != null && !e.subresource().isEmpty()) s += " with subresource \"" + e.subresource() + "\"";
        if (e.operation().equals(ManagedFields.UPDATE)) s += " using " + e.apiVersion();
        return s;
    }

    /** 409 with kube-apiserver's message and one {@code FieldManagerConflict} cause per field. */
    private static ApiException conflict(Map<String, List<List<String>>> byManager, String name, String kind) {
        List<FieldError> causes = new ArrayList<>();
        int n = 0;
        for (var e : byManager.entrySet()) {
            for (List<String> p : e.getValue()) {
                causes.add(new FieldError(FieldPaths.print(p), "FieldManagerConflict", "conflict with " + e.getKey()));
                n++;
            }
        }
        String message;
        if (n == 1) {
            var e = byManager.entrySet().iterator().next();
            message = "Apply failed with 1 conflict: conflict with " + e.getKey() + ": " + FieldPaths.print(e.getValue().get(0));
        } else {
            List<String> lines = new ArrayList<>();
            byManager.forEach((m, paths) -> {
                lines.add("conflicts with " + m + ":");
                paths.forEach(p -> lines.add("- " + FieldPaths.print(p)));
            });
            message = "Apply failed with " + n + " conflicts: " + String.join("\n", lines);
        }
        return new ApiException(409, "Conflict", message, kind, name, causes);
    }

    /** Structured merge: maps and structs merge, keyed and set lists merge by item, everything else is replaced. */
    static JsonNode merge(JsonNode live, JsonNode config, String parent, String field) {
        if (live instanceof ObjectNode l && config instanceof ObjectNode c) {
            ObjectNode out = l.deepCopy();
            for (var e : c.properties()) {
                if (e.getValue().isNull()) { out.remove(e.getKey()); continue; }
                JsonNode existing = out.get(e.getKey());
                out.set(e.getKey(), existing == null ? e.getValue().deepCopy() : merge(existing, e.getValue(), field, e.getKey()));
            }
            return out;
        }
        if (live instanceof ArrayNode l && config instanceof ArrayNode c) {
            Optional<ListRules.Rule> rule = ListRules.find(parent, field);
            Map<String, JsonNode> li = rule.map(r -> FieldPaths.items(l, r)).orElse(null);
            Map<String, JsonNode> ci = rule.map(r -> FieldPaths.items(c, r)).orElse(null);
            if (li == null || ci == null) return c.deepCopy();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            li.forEach((k, v) -> out.put(k, ci.containsKey(k) ? merge(v, ci.get(k), field, field) : v.deepCopy()));
            ci.forEach((k, v) -> out.putIfAbsent(k, v.deepCopy()));
            ArrayNode a = Json.MAPPER.createArrayNode();
            out.values().forEach(a::add);
            return a;
        }
        return config.deepCopy();
    }

    /** Removes the node at {@code path}, then any map or list it leaves empty (not metadata). */
    static void remove(ObjectNode root, List<String> path) {
        List<JsonNode> chain = new ArrayList<>();
        JsonNode n = root;
        for (String pe : path) {
            chain.add(n);
            n = child(n, pe);
            if (n == null) return;
        }
        for (int i = path.size() - 1; i >= 0; i--) {
            JsonNode parent = chain.get(i);
            String pe = path.get(i);
            if (parent instanceof ObjectNode o) o.remove(pe.substring(2));
            else if (parent instanceof ArrayNode a) {
                JsonNode item = child(a, pe);
                for (int j = 0; j < a.size(); j++) if (a.get(j) == item) { a.remove(j); break; }
            }
            boolean emptied = parent.isEmpty() && i > 0 && !(i == 1 && path.get(0).equals("f:metadata"));
            if (!emptied) return;
        }
    }

    private static JsonNode child(JsonNode n, String pe) {
        String body = pe.substring(2);
        if (pe.startsWith("f:")) return n instanceof ObjectNode o ? o.get(body) : null;
        if (!(n instanceof ArrayNode a)) return null;
        if (pe.startsWith("v:")) {
            JsonNode v = Json.parseYaml(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (JsonNode x : a) if (x.equals(v)) return x;
            return null;
        }
        if (pe.startsWith("k:")) {
            ObjectNode key = Json.parseObject(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            outer:
            for (JsonNode x : a) {
                for (var e : key.properties()) {
                    if (!e.getValue().equals(x.get(e.getKey()))) continue outer;
                }
                return x;
            }
            return null;
        }
        int i = Integer.parseInt(body);
        return i < a.size() ? a.get(i) : null;
    }
}
