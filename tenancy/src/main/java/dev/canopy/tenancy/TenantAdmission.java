package dev.canopy.tenancy;

import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.tenancy.Tenant;
import dev.canopy.api.tenancy.TenantRules;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every tree-aware check of a Tenant create or update, in the order a person should read the errors:
 * the name (Cozystack's rule and the 63-character namespace), the place in the tree (no orphans, no
 * cycles), who may set {@code spec.host}, the quota headroom in the parent, and that a tenant does not
 * shrink below what its children reserve. Pure: the server calls it under the store's writer lock with
 * the current tree, then charges the new tenant's {@code tenants} count with {@link #tenantCount}.
 *
 * <p>Who may write the Tenant object at all is the authorizer's business (super-admin in the parent's
 * namespace, see {@link AccessRules}); this class only adds what RBAC cannot express.
 */
public final class TenantAdmission {
    private TenantAdmission() {}

    /**
     * @param tree           the current tree (without the change)
     * @param tenant         the object being written
     * @param old            the stored object on update, null on create
     * @param platformAdmin  whether the caller is a platform administrator (may set {@code spec.host})
     */
    public static List<FieldError> check(TenantTree tree, Tenant tenant, Tenant old, boolean platformAdmin) {
        List<FieldError> errs = new ArrayList<>(TenantRules.validate(Json.toObject(tenant), old == null ? null : Json.toObject(old)));
        if (!errs.isEmpty()) return errs;   // a bad name makes every later message misleading
        errs.addAll(tree.check(tenant));
        if (!errs.isEmpty()) return errs;
        String ns = tenant.metadata().getNamespace(), name = tenant.metadata().getName();
        String host = host(tenant), oldHost = host(old);
        if (!platformAdmin && !Objects.equals(host, oldHost)) {
            errs.add(FieldError.forbidden("spec.host", "only platform administrators may set or change a tenant's host; "
                    + "leave it unset to get " + (TenantTree.isRootObject(ns, name) ? "the platform's domain" : name + "." + tree.domain(ns))));
        }
        Map<String, Quantity> quotas = tenant.spec() == null ? null : tenant.spec().resourceQuotas();
        if (!TenantTree.isRootObject(ns, name)) errs.addAll(QuotaRules.checkChild(tree, ns, name, quotas));
        if (old != null) errs.addAll(QuotaRules.checkShrink(tree, TenantTree.ownedNamespace(ns, name), quotas));
        return dedupe(errs);
    }

    /** What creating ({@code +1}) or deleting ({@code -1}) a tenant charges its parent and every ancestor. */
    public static Map<String, BigDecimal> tenantCount(int sign) {
        return Map.of(QuotaRules.TENANTS, BigDecimal.valueOf(sign));
    }

    private static String host(Tenant t) {
        if (t == null || t.spec() == null || t.spec().host() == null || t.spec().host().isBlank()) return null;
        return t.spec().host().trim();
    }

    private static List<FieldError> dedupe(List<FieldError> errs) {
        List<FieldError> out = new ArrayList<>();
        for (FieldError e : errs) if (!out.contains(e)) out.add(e);
        return out;
    }
}
