package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order the agent applies objects in, after Helm's install order: namespaces first (everything else lives
 * in them), then quotas and isolation objects, then the rest, and role bindings last, so a Space's users get
 * their rights on a cluster only after the Space's templates (NetworkPolicy, LimitRange, …) are in place.
 * Pruning goes in the reverse order. Pure; a stable sort, so objects of one rank keep the seed's order.
 */
public final class ApplyOrder {
    private ApplyOrder() {}

    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("Namespace", 0),
            Map.entry("NetworkPolicy", 1), Map.entry("ResourceQuota", 1), Map.entry("LimitRange", 1),
            Map.entry("PodSecurityPolicy", 1), Map.entry("PodDisruptionBudget", 1),
            Map.entry("ServiceAccount", 2), Map.entry("Secret", 2), Map.entry("ConfigMap", 2),
            Map.entry("CustomResourceDefinition", 2),
            Map.entry("ClusterRole", 3), Map.entry("Role", 3),
            Map.entry("ClusterRoleBinding", 9), Map.entry("RoleBinding", 9));
    private static final int DEFAULT = 5;

    static int rank(String kind) { return RANK.getOrDefault(kind, DEFAULT); }

    /** The objects in apply order. */
    public static List<ObjectNode> forApply(Iterable<ObjectNode> objects) {
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach(out::add);
        out.sort(Comparator.comparingInt(o -> rank(o.path("kind").asText())));
        return out;
    }

    /** The objects in prune order (the reverse of apply order). */
    public static List<ObjectNode> forPrune(Iterable<ObjectNode> objects) {
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach(out::add);
        out.sort(Comparator.comparingInt((ObjectNode o) -> rank(o.path("kind").asText())).reversed());
        return out;
    }
}
