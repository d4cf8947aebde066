package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.tenancy.TenantTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure rule: the objects each cluster should hold. Today's only payload is tenant placement: a Tenant
 * whose {@code spec.placement} (a label selector over Clusters; unset = no cluster) matches a cluster's
 * labels places its owned namespace, with that namespace's labels, on the cluster. A tenant being
 * deleted, or whose namespace does not exist yet, places nothing. Deterministic (sorted by cluster, then
 * by namespace), stateless, thread-safe. The hub's first {@link DesiredObjects} source.
 */
public final class Placement implements DesiredObjects {
    static final String TENANTS = "tenancy.canopy.dev/tenants";
    static final String NAMESPACES = "core/namespaces";

    @Override
    public List<String> watches() { return List.of(TENANTS, NAMESPACES); }

    /** A cluster's answer depends on that cluster alone. */
    @Override
    public boolean perCluster() { return true; }

    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view) {
        return desired(clusters, view.list(TENANTS), view.byName(NAMESPACES));
    }

    /** A Tenant touches its owned namespace; a namespace itself. */
    @Override
    public Set<String> touched(String resource, ObjectNode before, ObjectNode after) {
        ObjectNode o = after != null ? after : before;
        return Set.of(resource.equals(TENANTS) ? TenantTree.ownedNamespace(Objects.namespace(o), Objects.name(o)) : Objects.name(o));
    }

    /** The placed tenants whose owned namespace is one of {@code namespaces} (a walk over the tenants, not the fleet). */
    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view, Set<String> namespaces) {
        List<ObjectNode> tenants = new ArrayList<>();
        for (ObjectNode t : view.list(TENANTS)) {
            if (t.path("spec").has("placement") && namespaces.contains(TenantTree.ownedNamespace(Objects.namespace(t), Objects.name(t)))) tenants.add(t);
        }
        return desired(clusters, tenants, view.byName(NAMESPACES));
    }

    /**
     * @param clusters   Cluster objects
     * @param tenants    Tenant objects
     * @param namespaces the seed's namespaces by name
     * @return every cluster's name → its desired objects (an entry, possibly empty, for every cluster)
     */
    public static Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, List<ObjectNode> tenants, Map<String, ObjectNode> namespaces) {
        Map<String, List<ObjectNode>> out = new TreeMap<>();
        Map<String, ObjectNode> placed = new TreeMap<>();   // owned namespace → selector holder
        Map<String, LabelSelector> selectors = new TreeMap<>();
        for (ObjectNode t : tenants) {
            JsonNode sel = t.path("spec").get("placement");
            if (sel == null || sel.isNull() || Objects.deleting(t)) continue;
            String owned = TenantTree.ownedNamespace(Objects.namespace(t), Objects.name(t));
            ObjectNode ns = namespaces.get(owned);
            if (ns == null || Objects.deleting(ns)) continue;
            try {
                selectors.put(owned, LabelSelector.fromJson(sel));
                placed.put(owned, ns);
            } catch (ApiException | IllegalArgumentException e) {
                // admission validates selectors; an invalid one places nothing
            }
        }
        for (ObjectNode c : clusters) {
            List<ObjectNode> objects = new ArrayList<>();
            if (!Objects.deleting(c)) {
                Map<String, String> labels = Objects.labels(c);
                placed.forEach((owned, ns) -> {
                    if (selectors.get(owned).matches(labels)) objects.add(namespace(ns));
                });
            }
            out.put(Objects.name(c), objects);
        }
        return out;
    }

    /** The leaf's copy of a seed namespace: its name and labels, nothing the seed's API server filled in. */
    static ObjectNode namespace(ObjectNode seedNamespace) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode md = o.putObject("metadata").put("name", Objects.name(seedNamespace));
        Map<String, String> labels = Objects.labels(seedNamespace);
        if (!labels.isEmpty()) {
            ObjectNode l = md.putObject("labels");
            new TreeMap<>(labels).forEach(l::put);
        }
        return o;
    }
}
