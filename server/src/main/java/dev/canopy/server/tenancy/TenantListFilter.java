package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.http.ListFilter;
import dev.canopy.server.http.Visibility;
import dev.canopy.tenancy.TenantRole;
import dev.canopy.tenancy.TenantTree;
import java.util.Map;
import java.util.Optional;

/**
 * Step 4b: what a tenant user sees in lists and watches the authorizer refuses as a whole
 * ({@code kubectl get namespaces}, {@code kubectl get tenants -A}, {@code kubectl get postgreses -A}).
 * Only for callers holding at least one tenant role; anyone else keeps RBAC's 403.
 *
 * <ul>
 *   <li>Namespaces: those of the tenants at or under a granted one.</li>
 *   <li>Tenants: the Tenant objects of those tenants, including the caller's own top tenant's object,
 *       which lives in its parent's namespace (never the parent's other children).</li>
 *   <li>Apps and tenant services, across all namespaces: the objects the caller's effective role lets them
 *       list in their namespace. A list in one namespace keeps the authorizer's answer.</li>
 * </ul>
 * Each answer reads the cache's current grants, so a watch notices a revoked grant (its
 * {@link Visibility#generation} is the cache's). Thread-safe, no I/O.
 */
public final class TenantListFilter implements ListFilter {
    private final TenantCache cache;

    public TenantListFilter(TenantCache cache) { this.cache = cache; }

    @Override
    public Optional<Visibility> filter(UserInfo user, String verb, ResourceType type, String namespace) {
        if (!verb.equals("list") && !verb.equals("watch")) return Optional.empty();
        if (cache.grants(user).isEmpty()) return Optional.empty();
        String resource = type.storageResource();
        if (resource.equals("core/namespaces")) return Optional.of(of((u, o) -> cache.rules().canSeeNamespace(cache.grants(u), Objects.name(o))));
        if (resource.equals(TenantCache.TENANTS)) {
            // a member reads their own top tenant's object, which lives in the parent's namespace
            return Optional.of(of((u, o) -> cache.rules().canSeeTenantObject(cache.grants(u), Objects.namespace(o), Objects.name(o)),
                    prefix(cache.grants(user), true)));
        }
        if (TenancyAdmission.APP_STORAGE.contains(resource)) {
            // in one namespace the authorizer's answer stands (403 where the user has no role); only -A is filtered
            if (!namespace.isEmpty()) return Optional.empty();
            return Optional.of(of((u, o) -> {
                Map<String, TenantRole> g = cache.grants(u);
                return cache.rules().allows(g, "list", type.group(), type.plural(), Objects.namespace(o), null);
            }, prefix(cache.grants(user), false)));
        }
        return Optional.empty();
    }

    /**
     * The longest namespace prefix shared by everything {@code grants} can show: each granted tenant's
     * subtree (dash-free names: its namespace is a prefix of all its descendants'), or its parent's for
     * Tenant objects. Lets a list read one subtree instead of every object; null when it cannot narrow.
     */
    String prefix(Map<String, TenantRole> grants, boolean tenantObjects) {
        TenantTree tree = cache.tree();
        String common = null;
        for (String ns : grants.keySet()) {
            if (!tree.contains(ns)) continue;   // a grant outside the tree shows nothing through tenancy
            String parent = tree.parent(ns);
            String p = tenantObjects ? (parent == null ? "tenant-" : parent) : (TenantTree.ROOT.equals(ns) ? "tenant-" : ns);
            if (TenantTree.ROOT.equals(p)) p = "tenant-";
            common = common == null ? p : commonPrefix(common, p);
        }
        return common == null || common.isEmpty() ? null : common;
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) i++;
        return a.substring(0, i);
    }

    private interface Check { boolean test(UserInfo user, ObjectNode object); }

    private Visibility of(Check check) { return of(check, null); }

    private Visibility of(Check check, String prefix) {
        return new Visibility() {
            @Override public boolean visible(UserInfo user, ResourceType type, ObjectNode object) { return check.test(user, object); }
            @Override public long generation() { return cache.generation(); }
            @Override public String namespacePrefix() { return prefix; }
        };
    }
}
