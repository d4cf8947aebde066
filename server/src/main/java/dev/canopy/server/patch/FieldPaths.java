package dev.canopy.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.schema.ListRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Field sets in Kubernetes' FieldsV1 vocabulary: a path is a list of elements {@code f:<field>},
 * {@code k:{"name":"x"}} (an item of a keyed list), {@code v:<json>} (an item of a set). Structs and
 * maps are granular, keyed lists ({@link ListRules}) are per item, other lists are atomic leaves.
 * Pure helpers on immutable inputs.
 */
final class FieldPaths {
    private FieldPaths() {}

    /** A set of paths; order is irrelevant. */
    static Set<List<String>> set() { return new LinkedHashSet<>(); }

    /** Fields the server owns (never part of anyone's managed set), as kube-apiserver's stripmeta. */
    private static final Set<List<String>> IGNORED = Set.of(
            List.of("f:apiVersion"), List.of("f:kind"), List.of("f:metadata"),
            meta("name"), meta("namespace"), meta("creationTimestamp"), meta("selfLink"), meta("uid"), meta("generation"),
            meta("managedFields"), meta("resourceVersion"), meta("deletionTimestamp"), meta("deletionGracePeriodSeconds"));

    private static List<String> meta(String f) { return List.of("f:metadata", "f:" + f); }

    static Set<List<String>> strip(Set<List<String>> s) {
        Set<List<String>> out = set();
        for (List<String> p : s) {
            if (IGNORED.contains(p)) continue;
            if (p.size() > 2 && p.get(0).equals("f:metadata") && p.get(1).equals("f:managedFields")) continue;
            out.add(p);
        }
        return out;
    }

    /** The fields an applied configuration sets: leaves, atomic lists, and keyed/set list items. */
    static Set<List<String>> of(JsonNode obj) {
        Set<List<String>> out = set();
        walk(obj, List.of(), "", out, false);
        return strip(out);
    }

    /** Every path in {@code v} under {@code at}, including the maps on the way ({@code withNodes}). */
    private static void walk(JsonNode v, List<String> at, String parent, Set<List<String>> out, boolean withNodes) {
        if (v instanceof ObjectNode o) {
            if (withNodes && !at.isEmpty()) out.add(at);
            if (o.isEmpty() && !at.isEmpty()) out.add(at);
            for (var e : o.properties()) {
                List<String> child = append(at, "f:" + e.getKey());
                if (e.getValue() instanceof ArrayNode a) walkList(a, child, parent(at, parent), e.getKey(), out, withNodes);
                else walk(e.getValue(), child, e.getKey(), out, withNodes);
            }
        } else {
            out.add(at);
        }
    }

    private static String parent(List<String> at, String parent) { return at.isEmpty() ? "" : parent; }

    private static void walkList(ArrayNode a, List<String> at, String parent, String field, Set<List<String>> out, boolean withNodes) {
        Optional<ListRules.Rule> rule = ListRules.find(parent, field);
        Map<String, JsonNode> items = rule.isPresent() ? items(a, rule.get()) : null;
        if (items == null) { out.add(at); return; }
        if (withNodes) out.add(at);
        items.forEach((pe, item) -> {
            List<String> p = append(at, pe);
            out.add(p);
            if (!rule.get().primitiveSet()) walkItem(item, p, field, out, withNodes);
        });
    }

    private static void walkItem(JsonNode item, List<String> at, String field, Set<List<String>> out, boolean withNodes) {
        if (!(item instanceof ObjectNode o)) return;
        for (var e : o.properties()) {
            List<String> child = append(at, "f:" + e.getKey());
            if (e.getValue() instanceof ArrayNode a) walkList(a, child, field, e.getKey(), out, withNodes);
            else walk(e.getValue(), child, e.getKey(), out, withNodes);
        }
    }

    /**
     * The list's items by path element, or null when the list cannot be treated as keyed (an item lacks
     * the key or two items share it): such a list is then atomic.
     */
    static Map<String, JsonNode> items(ArrayNode a, ListRules.Rule rule) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode x : a) {
            String pe;
            if (rule.primitiveSet()) {
                if (!x.isValueNode()) return null;
                pe = "v:" + Json.write(x);
            } else {
                JsonNode k = x.get(rule.mergeKey());
                if (k == null || !k.isValueNode()) return null;
                pe = "k:" + Json.write(Json.object().set(rule.mergeKey(), k));
            }
            if (out.putIfAbsent(pe, x) != null) return null;
        }
        return out;
    }

    /** Differences between two objects, as structured-merge-diff's Compare. */
    record Comparison(Set<List<String>> added, Set<List<String>> modified, Set<List<String>> removed) {
        boolean empty() { return added.isEmpty() && modified.isEmpty() && removed.isEmpty(); }
    }

    static Comparison compare(JsonNode before, JsonNode after) {
        Comparison c = new Comparison(set(), set(), set());
        compareObjects(before == null ? Json.object() : before, after, List.of(), "", c);
        return new Comparison(strip(c.added), strip(c.modified), strip(c.removed));
    }

    private static void compareObjects(JsonNode b, JsonNode a, List<String> at, String parent, Comparison c) {
        Set<String> keys = new LinkedHashSet<>();
        b.fieldNames().forEachRemaining(keys::add);
        a.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) compareValue(b.get(k), a.get(k), append(at, "f:" + k), parent(at, parent), k, c);
    }

    private static void compareValue(JsonNode b, JsonNode a, List<String> at, String parent, String field, Comparison c) {
        if (b != null && b.isNull()) b = null;
        if (a != null && a.isNull()) a = null;
        if (b == null && a == null) return;
        if (b == null) { everything(a, at, parent, field, c.added); return; }
        if (a == null) { everything(b, at, parent, field, c.removed); return; }
        if (b instanceof ObjectNode && a instanceof ObjectNode) { compareObjects(b, a, at, field, c); return; }
        if (b instanceof ArrayNode ba && a instanceof ArrayNode aa) {
            Optional<ListRules.Rule> rule = ListRules.find(parent, field);
            Map<String, JsonNode> bi = rule.map(r -> items(ba, r)).orElse(null);
            Map<String, JsonNode> ai = rule.map(r -> items(aa, r)).orElse(null);
            if (bi != null && ai != null) {
                Set<String> pes = new LinkedHashSet<>(bi.keySet());
                pes.addAll(ai.keySet());
                for (String pe : pes) {
                    List<String> p = append(at, pe);
                    JsonNode x = bi.get(pe), y = ai.get(pe);
                    if (x == null) everythingItem(y, p, field, rule.get(), c.added);
                    else if (y == null) everythingItem(x, p, field, rule.get(), c.removed);
                    else if (!rule.get().primitiveSet() && x instanceof ObjectNode && y instanceof ObjectNode) compareObjects(x, y, p, field, c);
                }
                return;
            }
        }
        if (!a.equals(b)) {
            c.modified.add(at);
            if (b.isContainerNode() || a.isContainerNode()) {
                Set<List<String>> gone = set(), added = set();
                everything(b, at, parent, field, gone);
                everything(a, at, parent, field, added);
                gone.remove(at);
                added.remove(at);
                c.removed.addAll(gone);
                c.added.addAll(added);
            }
        }
    }

    private static void everything(JsonNode v, List<String> at, String parent, String field, Set<List<String>> out) {
        if (v instanceof ArrayNode a) walkList(a, at, parent, field, out, true);
        else walk(v, at, field, out, true);
    }

    private static void everythingItem(JsonNode item, List<String> at, String field, ListRules.Rule rule, Set<List<String>> out) {
        out.add(at);
        if (!rule.primitiveSet()) walkItem(item, at, field, out, true);
    }

    static List<String> append(List<String> at, String pe) {
        List<String> p = new ArrayList<>(at.size() + 1);
        p.addAll(at);
        p.add(pe);
        return List.copyOf(p);
    }

    /** FieldsV1 JSON: nested objects keyed by path element, {@code ".": {}} marking an owned node with children. */
    static ObjectNode toFieldsV1(Set<List<String>> paths) {
        Trie root = new Trie();
        for (List<String> p : paths) {
            Trie t = root;
            for (String pe : p) t = t.children.computeIfAbsent(pe, k -> new Trie());
            t.member = true;
        }
        return root.json();
    }

    static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> out = set();
        if (fields != null && fields.isObject()) read(fields, List.of(), out);
        return out;
    }

    private static void read(JsonNode n, List<String> at, Set<List<String>> out) {
        if (n.isEmpty() && !at.isEmpty()) { out.add(at); return; }
        for (var e : n.properties()) {
            if (e.getKey().equals(".")) out.add(at);
            else read(e.getValue(), append(at, e.getKey()), out);
        }
    }

    /** Kubernetes' printed form of a path: {@code .metadata.labels.app}, {@code .spec.containers[name="x"].image}. */
    static String print(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String pe : path) {
            String body = pe.substring(2);
            switch (pe.charAt(0)) {
                case 'f' -> sb.append('.').append(body);
                case 'k' -> {
                    List<String> kv = new ArrayList<>();
                    Json.parseObject(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).properties()
                            .forEach(e -> kv.add(e.getKey() + "=" + e.getValue()));
                    sb.append('[').append(String.join(",", kv)).append(']');
                }
                case 'v' -> sb.append("[=").append(body).append(']');
                default -> sb.append('[').append(body).append(']');
            }
        }
        return sb.toString();
    }

    private static final Comparator<String> ELEMENT_ORDER = Comparator.<String>comparingInt(s -> s.equals(".") ? 0 : switch (s.charAt(0)) {
        case 'f' -> 1;
        case 'v' -> 2;
        case 'i' -> 3;
        case 'k' -> 4;
        default -> 5;
    }).thenComparing(Comparator.naturalOrder());

    private static final class Trie {
        boolean member;
        final Map<String, Trie> children = new TreeMap<>(ELEMENT_ORDER);

        ObjectNode json() {
            ObjectNode n = Json.object();
            if (member && !children.isEmpty()) n.putObject(".");
            children.forEach((k, v) -> n.set(k, v.json()));
            return n;
        }
    }
}
