package dev.canopy.server.kiosk;

import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import java.util.Set;

/**
 * Step 3a: chained after RBAC and tenancy. Allows, by name, what {@link KioskAccess} says a caller may see
 * or manage: {@code get} of a visible Account, Space or AccountQuota; writes to Accounts and AccountQuotas
 * (and Spaces) of tenants the caller administers; {@code create accounts} for any tenant admin (admission then
 * checks the tenant named). Creating a Space needs RBAC ({@code kiosk-edit}, as in kiosk); who may use which
 * account is admission's ({@link SpaceAdmission}). Thread-safe, no I/O.
 */
public final class KioskAuthorizer implements Authorizer {
    static final Set<String> GROUPS = Set.of("tenancy.canopy.dev", "config.kiosk.sh", "tenancy.kiosk.sh");
    private static final Set<String> READ = Set.of("get");
    private static final Set<String> WRITE = Set.of("get", "update", "patch", "delete");

    private final Authorizer inner;
    private final KioskAccess access;

    public KioskAuthorizer(Authorizer inner, KioskAccess access) {
        this.inner = inner;
        this.access = access;
    }

    @Override
    public Decision authorize(Attributes a) {
        Decision d = inner.authorize(a);
        if (d.allowed() || !a.resourceRequest() || a.user() == null || !GROUPS.contains(a.apiGroup()) || !a.namespace().isEmpty()) return d;
        String name = a.name();
        String verb = a.verb();
        boolean status = a.subresource().equals("status");
        if (!a.subresource().isEmpty() && !status) return d;
        switch (a.resource()) {
            case "accounts" -> {
                if (name.isEmpty()) {
                    return verb.equals("create") && access.anyTenantAdmin(a.user()) ? Decision.allow("kiosk: a tenant admin may create accounts of their tenants") : d;
                }
                if (READ.contains(verb) && access.canSeeAccount(a.user(), name)) return Decision.allow("kiosk: the account's subject or tenant admin");
                if (!status && WRITE.contains(verb) && access.canManageAccount(a.user(), name)) return Decision.allow("kiosk: admin of the account's tenant");
            }
            case "spaces" -> {
                if (name.isEmpty()) return d;
                if (READ.contains(verb) && access.canSeeSpace(a.user(), name)) return Decision.allow("kiosk: the space's account subject or tenant admin");
                String account = access.cache().accountOfSpace(name);
                if (!status && WRITE.contains(verb) && account != null && access.canManageAccount(a.user(), account)) {
                    return Decision.allow("kiosk: admin of the space's tenant");
                }
            }
            case "accountquotas" -> {
                if (name.isEmpty()) {
                    return verb.equals("create") && access.anyTenantAdmin(a.user()) ? Decision.allow("kiosk: a tenant admin may create account quotas") : d;
                }
                String account = access.cache().accountOfQuota(name);
                if (account == null) return d;
                if (READ.contains(verb) && access.canSeeAccount(a.user(), account)) return Decision.allow("kiosk: the quota's account subject or tenant admin");
                if (!status && WRITE.contains(verb) && access.canManageAccount(a.user(), account)) return Decision.allow("kiosk: admin of the quota's tenant");
            }
            default -> { }
        }
        return d;
    }
}
