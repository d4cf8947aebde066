package dev.canopy.tenancy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One tenant as the tree sees it: only the fields the rules need, never derived values (domains and
 * services are computed by walking the ancestors, so changing a tenant never rewrites its subtree).
 *
 * @param namespace      the namespace the tenant owns ({@code tenant-root}, {@code tenant-foo}, {@code tenant-foo-bar})
 * @param name           the Tenant object's name ({@code root} for the root, Cozystack's convention)
 * @param parent         the owned namespace of the parent tenant, which is also where this Tenant object lives; null for the root
 * @param depth          0 for the root, 1 for its children, ...
 * @param host           {@code spec.host}, or null when the domain is inherited
 * @param ownServices    the services this tenant runs itself
 * @param resourceQuotas {@code spec.resourceQuotas}, never null
 * @param declared       false for the implicit root the tree creates when no root Tenant object exists
 */
public record TenantNode(
        String namespace,
        String name,
        String parent,
        int depth,
        String host,
        Set<TenantService> ownServices,
        Map<String, Quantity> resourceQuotas,
        boolean declared) {

    public TenantNode {
        ownServices = ownServices.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ownServices));
        resourceQuotas = resourceQuotas == null ? Map.of() : Map.copyOf(resourceQuotas);
    }

    public boolean isRoot() { return parent == null; }

    public boolean runs(TenantService s) { return ownServices.contains(s); }
}
