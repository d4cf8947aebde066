package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FrozenJson;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.server.fleet.DesiredObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 8, a fleet source: each Space's namespace (name and labels), its share of the account's quotas as a
 * ResourceQuota ({@link QuotaPlacement}) and the RoleBindings in it go to the Space's {@code spec.cluster}, with the
 * ClusterRoles those bind that Kubernetes does not have ({@link SpaceRoles}), where the agent creates the real namespace first and the RoleBindings last
 * (agent ApplyOrder). A Space being deleted, or whose namespace is gone or terminating, sends nothing, so the
 * agent prunes the namespace on the cluster. Pure and deterministic (sorted by namespace, then name);
 * called on the hub's loop thread.
 *
 * <p>The leaf copies of namespaces and RoleBindings are frozen and remembered from one pass to the next for the
 * seed objects that did not change (the hub's objects are frozen, so an unchanged object is the same instance):
 * at 100,000 Spaces, building 200,000 copies on every pass made each pass hold hundreds of MB at once, and the
 * hub keeps the very same copies as what it published.
 */
public final class SpacePlacement implements DesiredObjects {
    private final LeafCopies copies = new LeafCopies();

    @Override
    public List<String> watches() {
        return List.of(KioskKinds.SPACES, SpaceStore.NAMESPACES, SpaceStore.ROLE_BINDINGS, KioskKinds.ACCOUNT_QUOTAS, CLUSTER_ROLES);
    }

    static final String CLUSTER_ROLES = "rbac.authorization.k8s.io/clusterroles";

    /** A cluster's answer depends on that cluster alone (its Spaces and what they bind). */
    @Override
    public boolean perCluster() { return true; }

    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view) {
        // a pass about some clusters only keeps the other clusters' copies for the next whole pass
        copies.beginPass(clusters.size() >= view.list(dev.canopy.api.fleet.FleetKinds.CLUSTERS).size());
        var out = desired(clusters, view.list(KioskKinds.SPACES), view.byName(SpaceStore.NAMESPACES), byNamespace(view.list(SpaceStore.ROLE_BINDINGS)),
                view.list(KioskKinds.ACCOUNT_QUOTAS), view.byName(CLUSTER_ROLES), copies);
        copies.endPass();
        return out;
    }

    /**
     * A Space touches its namespace, as does the namespace itself and a RoleBinding in it; an AccountQuota whose
     * status alone changed (new shares, the controller's frequent write) touches the namespaces it lists before and
     * after. A new, deleted or re-specified AccountQuota (its limits reach every Space of its account) and a
     * ClusterRole cannot tell.
     */
    @Override
    public java.util.Set<String> touched(String resource, ObjectNode before, ObjectNode after) {
        ObjectNode o = after != null ? after : before;
        return switch (resource) {
            case KioskKinds.SPACES, SpaceStore.NAMESPACES -> java.util.Set.of(Objects.name(o));
            case SpaceStore.ROLE_BINDINGS -> java.util.Set.of(Objects.namespace(o));
            case KioskKinds.ACCOUNT_QUOTAS -> shareChanges(before, after);
            default -> null;
        };
    }

    /** The namespaces an AccountQuota's status lists before and after, when nothing but its status changed; else null. */
    static java.util.Set<String> shareChanges(ObjectNode before, ObjectNode after) {
        if (before == null || after == null || !before.path("spec").equals(after.path("spec")) || Objects.deleting(before) != Objects.deleting(after)) {
            return null;
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (ObjectNode q : List.of(before, after)) {
            for (var n : Objects.at(q, "status.namespaces")) out.add(n.path("namespace").asText());
        }
        return out;
    }

    /** The Spaces named in {@code namespaces} only: lookups by name, not a walk over every Space. */
    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view, java.util.Set<String> namespaces) {
        List<ObjectNode> spaces = new ArrayList<>();
        Map<String, List<ObjectNode>> bindings = new HashMap<>();
        for (String n : new java.util.TreeSet<>(namespaces)) {
            ObjectNode s = view.get(KioskKinds.SPACES, "", n);
            if (s == null) continue;
            spaces.add(s);
            bindings.put(n, view.list(SpaceStore.ROLE_BINDINGS, n));
        }
        copies.beginPass(false);
        var out = desired(clusters, spaces, view.byName(SpaceStore.NAMESPACES), bindings, view.list(KioskKinds.ACCOUNT_QUOTAS),
                view.byName(CLUSTER_ROLES), copies);
        copies.endPass();
        return out;
    }

    static Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, List<ObjectNode> spaces, Map<String, ObjectNode> namespaces,
                                                 List<ObjectNode> roleBindings) {
        return desired(clusters, spaces, namespaces, roleBindings, List.of(), Map.of());
    }

    static Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, List<ObjectNode> spaces, Map<String, ObjectNode> namespaces,
                                                 List<ObjectNode> roleBindings, List<ObjectNode> quotas, Map<String, ObjectNode> clusterRoles) {
        return desired(clusters, spaces, namespaces, byNamespace(roleBindings), quotas, clusterRoles, new LeafCopies());
    }

    private static Map<String, List<ObjectNode>> byNamespace(List<ObjectNode> roleBindings) {
        Map<String, List<ObjectNode>> bindings = new HashMap<>();
        for (ObjectNode rb : roleBindings) bindings.computeIfAbsent(Objects.namespace(rb), n -> new ArrayList<>()).add(rb);
        return bindings;
    }

    /** @param bindings the RoleBindings by namespace (at least those of the Spaces' namespaces) */
    private static Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, List<ObjectNode> spaces, Map<String, ObjectNode> namespaces,
                                                         Map<String, List<ObjectNode>> bindings, List<ObjectNode> quotas,
                                                         Map<String, ObjectNode> clusterRoles, LeafCopies copies) {
        Map<String, java.util.Set<String>> boundRoles = new TreeMap<>();
        Map<String, ObjectNode> resourceQuotas = QuotaPlacement.resourceQuotas(spaces, quotas);
        Map<String, List<ObjectNode>> byCluster = new TreeMap<>();
        for (ObjectNode c : clusters) if (!Objects.deleting(c)) byCluster.put(Objects.name(c), new ArrayList<>());
        for (ObjectNode s : byName(spaces)) {
            List<ObjectNode> out = byCluster.get(Objects.text(s, "spec.cluster"));
            ObjectNode ns = namespaces.get(Objects.name(s));
            if (out == null || Objects.deleting(s) || ns == null || Objects.deleting(ns)) continue;
            out.add(copies.of(ns, SpacePlacement::namespace));
            ObjectNode rq = resourceQuotas.get(Objects.name(s));
            if (rq != null) out.add(rq);
            Map<String, ObjectNode> rbs = new TreeMap<>();
            for (ObjectNode rb : bindings.getOrDefault(Objects.name(s), List.of())) rbs.put(Objects.name(rb), rb);
            rbs.values().forEach(rb -> out.add(copies.of(rb, SpacePlacement::roleBinding)));
            for (ObjectNode rb : rbs.values()) {
                if ("ClusterRole".equals(rb.path("roleRef").path("kind").asText())) {
                    boundRoles.computeIfAbsent(Objects.text(s, "spec.cluster"), c -> new java.util.TreeSet<>()).add(rb.path("roleRef").path("name").asText());
                }
            }
        }
        boundRoles.forEach((cluster, names) -> byCluster.get(cluster).addAll(SpaceRoles.needed(names, clusterRoles)));
        return byCluster;
    }

    /**
     * The Spaces in name order, one per name. The shared informer already lists them so (Spaces are
     * cluster-scoped; its order is namespace, then name), which is checked in one pass instead of sorting
     * 100,000 names again on every hub pass; anything else is sorted.
     */
    static java.util.Collection<ObjectNode> byName(List<ObjectNode> spaces) {
        String last = null;
        boolean ordered = true;
        for (ObjectNode s : spaces) {
            String n = Objects.name(s);
            if (last != null && last.compareTo(n) >= 0) { ordered = false; break; }
            last = n;
        }
        if (ordered) return spaces;
        Map<String, ObjectNode> sorted = new TreeMap<>();
        for (ObjectNode s : spaces) sorted.put(Objects.name(s), s);
        return sorted.values();
    }

    /** The leaf's copy of a Space's namespace: its name and labels. */
    static ObjectNode namespace(ObjectNode seedNamespace) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode md = o.putObject("metadata").put("name", Objects.name(seedNamespace));
        Map<String, String> labels = new TreeMap<>(Objects.labels(seedNamespace));
        if (!labels.isEmpty()) {
            ObjectNode l = md.putObject("labels");
            labels.forEach(l::put);
        }
        return o;
    }

    /** The leaf's copy of a RoleBinding: name, namespace, labels, roleRef, subjects. */
    static ObjectNode roleBinding(ObjectNode rb) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "RoleBinding");
        ObjectNode md = o.putObject("metadata").put("name", Objects.name(rb)).put("namespace", Objects.namespace(rb));
        Map<String, String> labels = new TreeMap<>(Objects.labels(rb));
        if (!labels.isEmpty()) {
            ObjectNode l = md.putObject("labels");
            labels.forEach(l::put);
        }
        if (rb.has("roleRef")) o.set("roleRef", rb.get("roleRef").deepCopy());
        if (rb.has("subjects")) o.set("subjects", rb.get("subjects").deepCopy());
        return o;
    }

    /**
     * Frozen leaf copies by seed object (identity), kept across passes. Hub loop thread only. A whole pass keeps only
     * the copies it used (objects changed or gone are dropped); a partial pass (some clusters or namespaces) adds to
     * the kept copies and drops nothing. Only a whole pass allocates a new map: sized for 200,000 copies it is a
     * 4 MB array, and one per partial pass (a few per Space create) made G1 run back-to-back full collections.
     */
    static final class LeafCopies {
        private Map<ObjectNode, ObjectNode> kept = new java.util.IdentityHashMap<>();
        /** The copies a whole pass used, or null during a partial pass. */
        private Map<ObjectNode, ObjectNode> used;

        void beginPass(boolean whole) {
            // sized like the last whole pass: growing from empty to 200,000 entries rehashed on every pass
            used = whole ? new java.util.IdentityHashMap<>(Math.max(32, kept.size())) : null;
        }

        ObjectNode of(ObjectNode seed, java.util.function.UnaryOperator<ObjectNode> copy) {
            ObjectNode c = used == null ? null : used.get(seed);
            if (c != null) return c;
            c = kept.get(seed);
            if (c == null) {
                c = FrozenJson.freeze(copy.apply(seed));
                if (used == null) kept.put(seed, c);
            }
            if (used != null) used.put(seed, c);
            return c;
        }

        void endPass() {
            if (used != null) kept = used;
            used = null;
        }
    }
}
