package dev.canopy.server.tenancy;

import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.tenancy.AccessRules;
import dev.canopy.tenancy.TenantRole;
import java.util.Map;

/**
 * Step 4a: access that flows down the tree, chained after RBAC: a request is allowed when RBAC allows
 * it, or when {@link AccessRules} does (a {@code canopy:tenant:<level>} RoleBinding in
 * {@code tenant-foo} holds in {@code tenant-foo-bar} and deeper; the holder of any role may also read
 * the Tenant object describing their own tenant, which lives in the parent's namespace). It also lets a
 * user {@code get} a Namespace they can see. It never grants anything in a namespace no tenant owns,
 * so RBAC alone still decides everywhere else.
 *
 * <p>Thread-safe, no I/O: the tree and grants are the {@link TenantCache}'s current snapshots; one
 * decision is O(depth) hash lookups.
 */
public final class TenantAuthorizer implements Authorizer {
    private final Authorizer rbac;
    private final TenantCache cache;

    public TenantAuthorizer(Authorizer rbac, TenantCache cache) {
        this.rbac = rbac;
        this.cache = cache;
    }

    @Override
    public Decision authorize(Attributes a) {
        Decision d = rbac.authorize(a);
        if (d.allowed() || !a.resourceRequest() || a.user() == null) return d;
        Map<String, TenantRole> grants = cache.grants(a.user());
        if (grants.isEmpty()) return d;
        AccessRules rules = cache.rules();
        if (a.apiGroup().isEmpty() && a.resource().equals("namespaces") && a.subresource().isEmpty() && a.verb().equals("get")) {
            return rules.canSeeNamespace(grants, a.name()) ? Decision.allow("tenancy: namespace " + a.name() + " is in a tenant subtree the user may see") : d;
        }
        if (a.namespace().isEmpty()) return d;
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        if (rules.allows(grants, a.verb(), a.apiGroup(), resource, a.namespace(), a.name().isEmpty() ? null : a.name())) {
            return Decision.allow("tenancy: allowed by a canopy:tenant role granted in " + a.namespace() + " or an ancestor tenant");
        }
        return d;
    }
}
