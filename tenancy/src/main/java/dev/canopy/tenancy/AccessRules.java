package dev.canopy.tenancy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Access decisions over one {@link TenantTree} snapshot, given the roles a user holds directly
 * ({@code grants}: tenant namespace → role, from RoleBindings of {@code canopy:tenant:*} ClusterRoles
 * for the user or their groups; the caller merges several bindings with {@link TenantRole#max}).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>A grant holds in its tenant and every descendant; nothing flows up or sideways. The effective
 *       role in a namespace is the highest role granted there or at any ancestor: a walk of at most
 *       {@code depth} parents, two hash lookups per step.</li>
 *   <li>What a role allows is {@link TenantClusterRoles#allows}.</li>
 *   <li>A user sees the tenants at or under a granted one. They also may read (never change) the
 *       Tenant object of each tenant they see, although it lives in its parent's namespace: so the
 *       holder of a grant in {@code tenant-foo} can {@code get tenant foo -n tenant-root}, but not list
 *       {@code tenant-root}'s other children nor see the root's object. Changing or deleting tenant
 *       {@code foo} needs super-admin in {@code tenant-root}, its parent: nobody raises their own
 *       quota or deletes their own tenant.</li>
 *   <li>Namespaces no tenant owns are outside these rules ({@link #effectiveRole} is empty); the
 *       platform's own RBAC decides there.</li>
 * </ol>
 */
public final class AccessRules {
    private final TenantTree tree;

    public AccessRules(TenantTree tree) { this.tree = tree; }

    public TenantTree tree() { return tree; }

    /** The highest role granted in {@code namespace} or any ancestor; empty when none (or not a tenant namespace). O(depth). */
    public Optional<TenantRole> effectiveRole(Map<String, TenantRole> grants, String namespace) {
        if (grants.isEmpty()) return Optional.empty();
        TenantRole best = null;
        for (String ns = namespace; ns != null; ns = tree.parent(ns)) {
            if (!tree.contains(ns)) return Optional.empty();
            best = TenantRole.max(best, grants.get(ns));
            if (best == TenantRole.SUPER_ADMIN) break;   // nothing can be higher
        }
        return Optional.ofNullable(best);
    }

    /** Whether the user may see namespace {@code namespace} (in {@code kubectl get namespaces}) and read in it. */
    public boolean canSeeNamespace(Map<String, TenantRole> grants, String namespace) {
        return effectiveRole(grants, namespace).isPresent();
    }

    /**
     * Whether the user may read the Tenant object {@code name} stored in {@code objectNamespace}: with a
     * role there, or with a role in the tenant the object describes (self-visibility, rule 3).
     */
    public boolean canSeeTenantObject(Map<String, TenantRole> grants, String objectNamespace, String name) {
        return effectiveRole(grants, objectNamespace).isPresent()
                || effectiveRole(grants, TenantTree.ownedNamespace(objectNamespace, name)).isPresent();
    }

    /**
     * The decision for one request. {@code namespace} is the request's namespace; {@code name} may be
     * null (list, watch, create). {@code resource} may carry a subresource ({@code tenants/status}).
     */
    public boolean allows(Map<String, TenantRole> grants, String verb, String group, String resource, String namespace, String name) {
        Optional<TenantRole> role = effectiveRole(grants, namespace);
        if (role.isPresent() && TenantClusterRoles.allows(role.get(), verb, group, resource)) return true;
        // Rule 3: reading one's own Tenant object, which lives in the parent's namespace.
        if (name != null && TenantClusterRoles.READ.contains(verb) && isTenants(group, resource)) {
            return effectiveRole(grants, TenantTree.ownedNamespace(namespace, name))
                    .map(r -> TenantClusterRoles.allows(r, verb, group, resource)).orElse(false);
        }
        return false;
    }

    /** The namespaces the user sees: every tenant at or under a granted one, pre-order from each grant. */
    public List<String> visibleNamespaces(Map<String, TenantRole> grants) {
        List<String> out = new ArrayList<>();
        for (String top : topGrants(grants)) out.addAll(tree.subtree(top));
        return out;
    }

    /**
     * The granted namespaces that are not under another granted one: the tops of the user's visible
     * forest (what {@code canopy tree} starts from for this user).
     */
    public List<String> topGrants(Map<String, TenantRole> grants) {
        Set<String> granted = new HashSet<>();
        for (String ns : grants.keySet()) if (tree.contains(ns) && grants.get(ns) != null) granted.add(ns);
        List<String> tops = new ArrayList<>();
        for (String ns : granted) {
            boolean covered = false;
            for (String a : tree.ancestors(ns)) if (granted.contains(a)) { covered = true; break; }
            if (!covered) tops.add(ns);
        }
        tops.sort(null);
        return tops;
    }

    private static boolean isTenants(String group, String resource) {
        return TenantClusterRoles.TENANCY_GROUPS.contains(group) && (resource.equals("tenants") || resource.equals("tenants/status"));
    }
}
