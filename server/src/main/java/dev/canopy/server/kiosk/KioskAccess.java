package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.tenancy.TenantCache;
import dev.canopy.tenancy.TenantRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 2: who sees and manages which Account and Space, answered from memory ({@link KioskCache} and the
 * {@link TenantCache}). Cluster-wide RBAC comes first and is not decided here.
 *
 * <ul>
 *   <li>An account's subjects see it, its Spaces and its AccountQuotas.</li>
 *   <li>Admins (canopy:tenant:admin or more) of the account's tenant or an ancestor tenant see and manage
 *       all of it; a tenant admin may create Accounts for tenants they administer.</li>
 *   <li>A Space whose account does not exist is seen by cluster-wide readers only.</li>
 * </ul>
 * Thread-safe, no I/O; O(subjects of the user + tree depth) per answer.
 */
public final class KioskAccess {
    private final KioskCache kiosk;
    private final Tenants tenants;

    /** What kiosk needs of the tenant tree (the {@link TenantCache} in a seed; a fixed tree in tests). Thread-safe. */
    public interface Tenants {
        Map<String, TenantRole> grants(UserInfo user);

        dev.canopy.tenancy.TenantTree tree();

        long generation();

        static Tenants of(TenantCache c) {
            return new Tenants() {
                @Override public Map<String, TenantRole> grants(UserInfo user) { return c.grants(user); }
                @Override public dev.canopy.tenancy.TenantTree tree() { return c.tree(); }
                @Override public long generation() { return c.generation(); }
            };
        }
    }

    public KioskAccess(KioskCache kiosk, Tenants tenants) {
        this.kiosk = kiosk;
        this.tenants = tenants;
    }

    public KioskCache cache() { return kiosk; }

    /** Whether {@code user} holds admin (or more) in {@code tenantNamespace} or an ancestor. */
    public boolean tenantAdmin(UserInfo user, String tenantNamespace) {
        Map<String, TenantRole> g = tenants.grants(user);
        if (g.isEmpty()) return false;
        return new dev.canopy.tenancy.AccessRules(tenants.tree()).effectiveRole(g, tenantNamespace).map(r -> r.includes(TenantRole.ADMIN)).orElse(false);
    }

    /** The tenant owning {@code tenantNamespace} as the tree knows it (name, parent namespace), if any. */
    public Optional<dev.canopy.tenancy.TenantNode> tenant(String tenantNamespace) { return tenants.tree().node(tenantNamespace); }

    /** Whether a tenant with namespace {@code tenantNamespace} exists. */
    public boolean tenantExists(String tenantNamespace) { return tenants.tree().contains(tenantNamespace); }

    /** Whether the user holds admin on any tenant (so may try to create an Account; admission checks which). */
    public boolean anyTenantAdmin(UserInfo user) {
        for (TenantRole r : tenants.grants(user).values()) if (r.includes(TenantRole.ADMIN)) return true;
        return false;
    }

    public boolean canManageAccount(UserInfo user, String account) {
        Optional<ObjectNode> a = kiosk.account(account);
        return a.isPresent() && tenantAdmin(user, KioskCache.tenantOf(a.get()));
    }

    public boolean canSeeAccount(UserInfo user, String account) {
        Optional<ObjectNode> a = kiosk.account(account);
        if (a.isEmpty()) return false;
        return kiosk.isSubject(user, account) || tenantAdmin(user, KioskCache.tenantOf(a.get()));
    }

    public boolean canSeeSpace(UserInfo user, String space) {
        String account = kiosk.accountOfSpace(space);
        return account != null && canSeeAccount(user, account);
    }

    /**
     * Every account the user sees, or empty when the user administers a tenant (then the set may be large and
     * lists are not narrowed by account; each object is still checked).
     */
    public Optional<List<String>> visibleAccounts(UserInfo user) {
        if (anyTenantAdmin(user)) return Optional.empty();
        Set<String> own = kiosk.accountsOf(user);
        return Optional.of(new ArrayList<>(own));
    }

    /** Changes whenever any answer above may have changed for an object that did not change itself. */
    public long generation() { return kiosk.generation() + tenants.generation(); }
}
