package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.tenancy.TenantTree;
import dev.canopy.tenancy.TreeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds what {@code canopy tree} prints from the Tenant and app objects the caller may list, using their
 * status (domain, parent) rather than rebuilding the tree: a tenant user sees only their subtree, so the
 * ancestors needed to recompute domains are not visible to them. Pure.
 */
final class TenantForest {
    private TenantForest() {}

    private record T(String namespace, String parent, String domain, List<String> services) {}

    /**
     * @param tenants   Tenant objects (any order)
     * @param apps      app objects with their kind, any namespace
     * @param namespace the subtree to show, or null for every visible top
     */
    static List<TreeView.Node> build(List<JsonNode> tenants, List<Map.Entry<String, JsonNode>> apps, String namespace) {
        Map<String, T> byNs = new HashMap<>();
        Map<String, List<String>> children = new TreeMap<>();
        for (JsonNode o : tenants) {
            String ns = o.at("/metadata/namespace").asText(), name = o.at("/metadata/name").asText();
            String owned = o.at("/status/namespace").asText(TenantTree.ownedNamespace(ns, name));
            if (owned.isEmpty()) owned = TenantTree.ownedNamespace(ns, name);
            boolean root = TenantTree.isRootObject(ns, name);
            String parent = root ? null : ns;
            List<String> services = new ArrayList<>();
            for (String s : List.of("etcd", "ingress", "monitoring")) {
                JsonNode v = o.path("spec").path(s);
                if (root ? !(v.isBoolean() && !v.asBoolean()) : v.asBoolean(false)) services.add(s);
            }
            byNs.put(owned, new T(owned, parent, o.at("/status/domain").asText(""), List.copyOf(services)));
        }
        for (T t : byNs.values()) if (t.parent() != null && byNs.containsKey(t.parent())) children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t.namespace());
        children.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Map<String, List<TreeView.App>> appsByNs = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : apps) {
            JsonNode a = e.getValue();
            appsByNs.computeIfAbsent(a.at("/metadata/namespace").asText(), k -> new ArrayList<>())
                    .add(new TreeView.App(e.getKey(), a.at("/metadata/name").asText(), a.at("/status/host").asText("")));
        }
        appsByNs.values().forEach(l -> l.sort(Comparator.comparing(TreeView.App::name)));
        List<String> tops = new ArrayList<>();
        if (namespace != null) {
            if (byNs.containsKey(namespace)) tops.add(namespace);
        } else {
            for (T t : byNs.values()) if (t.parent() == null || !byNs.containsKey(t.parent())) tops.add(t.namespace());
            tops.sort(Comparator.naturalOrder());
        }
        List<TreeView.Node> out = new ArrayList<>();
        for (String top : tops) out.add(node(top, byNs, children, appsByNs));
        return out;
    }

    private static TreeView.Node node(String ns, Map<String, T> byNs, Map<String, List<String>> children, Map<String, List<TreeView.App>> apps) {
        T t = byNs.get(ns);
        List<TreeView.Node> kids = new ArrayList<>();
        for (String c : children.getOrDefault(ns, List.of())) kids.add(node(c, byNs, children, apps));
        return new TreeView.Node(ns, t.domain(), t.services(), List.copyOf(apps.getOrDefault(ns, List.of())), List.copyOf(kids));
    }
}
