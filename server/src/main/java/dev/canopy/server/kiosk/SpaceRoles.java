package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure: the ClusterRoles a cluster needs for the RoleBindings of its Spaces. Kubernetes' own roles
 * ({@code cluster-admin}, {@code admin}, {@code edit}, {@code view}, {@code system:*}) exist on every cluster
 * and are not sent; any other role bound in a Space (e.g. {@code kiosk-space-admin}) is sent as the seed has
 * it, and for an aggregated role also the seed's non-Kubernetes roles its selectors match (e.g.
 * {@code kiosk-space-admin-base}, kiosk's {@code kiosk-template-admin}), so the cluster's own aggregation
 * builds the same role. Without this a Space's binding would grant nothing on the cluster.
 */
final class SpaceRoles {
    private SpaceRoles() {}

    static final Set<String> KUBERNETES_ROLES = Set.of("cluster-admin", "admin", "edit", "view");
    private static final String BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";

    static boolean builtIn(String name) { return KUBERNETES_ROLES.contains(name) || name.startsWith("system:"); }

    /** @param bound role names bound by the cluster's Space RoleBindings; @param roles the seed's ClusterRoles by name */
    static List<ObjectNode> needed(Collection<String> bound, Map<String, ObjectNode> roles) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (String name : bound) {
            if (builtIn(name) || !roles.containsKey(name)) continue;
            ObjectNode role = roles.get(name);
            out.put(name, copy(role));
            for (JsonNode sel : Objects.at(role, "aggregationRule.clusterRoleSelectors")) {
                LabelSelector s;
                try {
                    s = LabelSelector.fromJson(sel);
                } catch (RuntimeException bad) {
                    continue;
                }
                roles.forEach((n, r) -> {
                    if (!builtIn(n) && !n.equals(name) && s.matches(Objects.labels(r))) out.put(n, copy(r));
                });
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The cluster's copy: name, labels (without the seed's bootstrap mark), rules, aggregationRule. */
    static ObjectNode copy(ObjectNode role) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRole");
        ObjectNode md = o.putObject("metadata").put("name", Objects.name(role));
        Map<String, String> labels = new TreeMap<>(Objects.labels(role));
        labels.remove(BOOTSTRAP_LABEL);
        if (!labels.isEmpty()) {
            ObjectNode l = md.putObject("labels");
            labels.forEach(l::put);
        }
        if (role.has("aggregationRule")) o.set("aggregationRule", role.get("aggregationRule").deepCopy());
        o.set("rules", role.has("rules") ? role.get("rules").deepCopy() : Json.MAPPER.createArrayNode());
        return o;
    }
}
