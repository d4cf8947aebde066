package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory RBAC state that {@link RbacAuthorizer} answers from: Roles, ClusterRoles (with aggregation
 * resolved), and every binding indexed by subject, so a decision looks only at the caller's own bindings.
 *
 * <p>Feed it from a store watch on the four RBAC kinds: {@link #upsert} for ADDED/MODIFIED, {@link #remove}
 * for DELETED (both idempotent; other storage resources are ignored). Threading: writers are serialized;
 * readers never block and see each subject's bindings and each role's rules atomically (copy-on-write
 * lists), like an informer cache they are eventually consistent with the store.
 */
public final class RbacIndex {
    public static final String ROLES = "rbac.authorization.k8s.io/roles";
    public static final String CLUSTER_ROLES = "rbac.authorization.k8s.io/clusterroles";
    public static final String ROLE_BINDINGS = "rbac.authorization.k8s.io/rolebindings";
    public static final String CLUSTER_ROLE_BINDINGS = "rbac.authorization.k8s.io/clusterrolebindings";
    public static final List<String> RESOURCES = List.of(ROLES, CLUSTER_ROLES, ROLE_BINDINGS, CLUSTER_ROLE_BINDINGS);

    /**
     * One subject's reason to hold a role.
     *
     * @param bindingNamespace "" for a ClusterRoleBinding
     * @param subject          kube's description, e.g. {@code User "john"}, {@code ServiceAccount "sa/ns"}
     */
    public record Grant(String bindingKind, String bindingNamespace, String bindingName, String roleKind, String roleName, String subject) {
        public boolean clusterWide() { return bindingNamespace.isEmpty(); }

        /** kube's wording: {@code ClusterRoleBinding "x" of ClusterRole "y" to User "john"}. */
        public String describe() {
            String b = clusterWide() ? bindingName : bindingName + "/" + bindingNamespace;
            return bindingKind + " " + RbacMessages.q(b) + " of " + roleKind + " " + RbacMessages.q(roleName) + " to " + subject;
        }
    }

    private record ClusterRoleEntry(Map<String, String> labels, List<JsonNode> selectors, List<PolicyRule> rules) {
        boolean aggregated() { return selectors != null; }
    }

    private final Map<String, List<PolicyRule>> roles = new ConcurrentHashMap<>();          // ns/name
    private final Map<String, ClusterRoleEntry> clusterRoles = new ConcurrentHashMap<>();
    private volatile Map<String, List<PolicyRule>> aggregated = Map.of();
    private final Map<String, List<Grant>> bySubject = new ConcurrentHashMap<>();          // "User:x" / "Group:g"
    private final Map<String, Set<String>> subjectKeysOfBinding = new HashMap<>();          // guarded by this

    /** Adds or replaces an object of one of {@link #RESOURCES}; anything else is ignored. */
    public synchronized void upsert(String storageResource, ObjectNode o) {
        String ns = Objects.namespace(o), name = Objects.name(o);
        switch (storageResource) {
            case ROLES -> roles.put(ns + "/" + name, List.copyOf(PolicyRule.listFrom(o.get("rules"))));
            case CLUSTER_ROLES -> {
                JsonNode agg = o.path("aggregationRule").get("clusterRoleSelectors");
                List<JsonNode> selectors = null;
                if (agg != null && agg.isArray()) {
                    selectors = new ArrayList<>();
                    agg.forEach(selectors::add);
                }
                clusterRoles.put(name, new ClusterRoleEntry(Objects.labels(o), selectors, List.copyOf(PolicyRule.listFrom(o.get("rules")))));
                recomputeAggregation();
            }
            case ROLE_BINDINGS -> putBinding("RoleBinding", ns, name, o);
            case CLUSTER_ROLE_BINDINGS -> putBinding("ClusterRoleBinding", "", name, o);
            default -> { }
        }
    }

    /** Removes an object; absent objects and other resources are ignored. */
    public synchronized void remove(String storageResource, String namespace, String name) {
        String ns = namespace == null ? "" : namespace;
        switch (storageResource) {
            case ROLES -> roles.remove(ns + "/" + name);
            case CLUSTER_ROLES -> {
                clusterRoles.remove(name);
                recomputeAggregation();
            }
            case ROLE_BINDINGS -> dropBinding("RoleBinding", ns, name);
            case CLUSTER_ROLE_BINDINGS -> dropBinding("ClusterRoleBinding", "", name);
            default -> { }
        }
    }

    public void remove(String storageResource, ObjectNode o) { remove(storageResource, Objects.namespace(o), Objects.name(o)); }

    /** Empties the index (before a re-list after a watch was lost). */
    public synchronized void clear() {
        roles.clear();
        clusterRoles.clear();
        aggregated = Map.of();
        bySubject.clear();
        subjectKeysOfBinding.clear();
    }

    /** The rules a Role ({@code roleKind} "Role", in {@code namespace}) or ClusterRole grants; empty if absent. */
    public List<PolicyRule> rules(String roleKind, String namespace, String roleName) {
        if ("Role".equals(roleKind)) return roles.getOrDefault(namespace + "/" + roleName, List.of());
        ClusterRoleEntry e = clusterRoles.get(roleName);
        if (e == null) return List.of();
        return e.aggregated() ? aggregated.getOrDefault(roleName, List.of()) : e.rules();
    }

    /**
     * The grants that apply to {@code user} for a request in {@code namespace} ("" = cluster scope or all
     * namespaces): ClusterRoleBindings first, then that namespace's RoleBindings, as kube visits them.
     */
    public List<Grant> grantsFor(UserInfo user, String namespace) {
        List<Grant> cluster = new ArrayList<>(), local = new ArrayList<>();
        collect("User:" + user.name(), namespace, cluster, local);
        for (String g : user.groups()) collect("Group:" + g, namespace, cluster, local);
        cluster.addAll(local);
        return cluster;
    }

    private void collect(String key, String namespace, List<Grant> cluster, List<Grant> local) {
        for (Grant g : bySubject.getOrDefault(key, List.of())) {
            if (g.clusterWide()) cluster.add(g);
            else if (!namespace.isEmpty() && g.bindingNamespace().equals(namespace)) local.add(g);
        }
    }

    private void putBinding(String kind, String ns, String name, ObjectNode o) {
        dropBinding(kind, ns, name);
        String roleKind = Objects.text(o, "roleRef.kind"), roleName = Objects.text(o, "roleRef.name");
        // A RoleBinding may reference a Role or a ClusterRole; a ClusterRoleBinding only a ClusterRole.
        if (ns.isEmpty() && !"ClusterRole".equals(roleKind)) return;
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode s : o.path("subjects")) {
            String sk = s.path("kind").asText(), sn = s.path("name").asText();
            String key, desc;
            switch (sk) {
                case "User" -> { key = "User:" + sn; desc = "User " + RbacMessages.q(sn); }
                case "Group" -> { key = "Group:" + sn; desc = "Group " + RbacMessages.q(sn); }
                case "ServiceAccount" -> {
                    String sns = s.path("namespace").asText("");
                    if (sns.isEmpty()) sns = ns;
                    if (sns.isEmpty()) continue;   // a ServiceAccount subject needs a namespace
                    key = "User:" + ServiceAccounts.username(sns, sn);
                    desc = "ServiceAccount " + RbacMessages.q(sn + "/" + sns);
                }
                default -> { continue; }
            }
            if (!keys.add(key)) continue;
            Grant g = new Grant(kind, ns, name, roleKind, roleName, desc);
            bySubject.compute(key, (k, old) -> {
                List<Grant> l = old == null ? new ArrayList<>() : new ArrayList<>(old);
                l.add(g);
                return List.copyOf(l);
            });
        }
        // immutable and exact-size: one binding per Space, and a LinkedHashSet of one key costs ~200 bytes
        subjectKeysOfBinding.put(kind + "/" + ns + "/" + name, Set.copyOf(keys));
    }

    private void dropBinding(String kind, String ns, String name) {
        Set<String> keys = subjectKeysOfBinding.remove(kind + "/" + ns + "/" + name);
        if (keys == null) return;
        for (String key : keys) {
            bySubject.computeIfPresent(key, (k, old) -> {
                List<Grant> l = old.stream()
                        .filter(g -> !(g.bindingKind().equals(kind) && g.bindingNamespace().equals(ns) && g.bindingName().equals(name)))
                        .toList();
                return l.isEmpty() ? null : l;
            });
        }
    }

    /**
     * Kubernetes' aggregation controller replaces an aggregated ClusterRole's rules with the union of the
     * rules of every ClusterRole its selectors match; since those may be aggregated too (admin takes edit,
     * edit takes view), resolve recursively with a guard against cycles.
     */
    private void recomputeAggregation() {
        Map<String, List<PolicyRule>> out = new HashMap<>();
        for (var e : clusterRoles.entrySet()) {
            if (e.getValue().aggregated()) out.put(e.getKey(), resolve(e.getKey(), new HashSet<>()));
        }
        aggregated = Map.copyOf(out);
    }

    private List<PolicyRule> resolve(String name, Set<String> visiting) {
        ClusterRoleEntry e = clusterRoles.get(name);
        if (e == null || !visiting.add(name)) return List.of();
        if (!e.aggregated()) return e.rules();
        LinkedHashSet<PolicyRule> union = new LinkedHashSet<>();
        for (var other : clusterRoles.entrySet()) {
            if (other.getKey().equals(name)) continue;
            for (JsonNode sel : e.selectors()) {
                if (Labels.matches(sel, other.getValue().labels())) {
                    union.addAll(resolve(other.getKey(), visiting));
                    break;
                }
            }
        }
        visiting.remove(name);
        return List.copyOf(union);
    }
}
