package dev.canopy.tenancy;

import java.util.Optional;

/**
 * Cozystack's four access levels in a tenant, each including the ones before it:
 * view ⊂ use ⊂ admin ⊂ super-admin. A RoleBinding of {@link #clusterRole()} in a tenant's namespace
 * grants the level in that tenant and every descendant.
 */
public enum TenantRole {
    /** Read everything in the subtree except secrets. */
    VIEW("view"),
    /** View, plus use the apps: read their credentials (secrets). */
    USE("use"),
    /** Use, plus create, update and delete apps, secrets and configmaps; not tenant services, not child tenants. */
    ADMIN("admin"),
    /** Admin, plus create, update and delete child tenants and toggle tenant services (Etcd, Ingress, Monitoring). */
    SUPER_ADMIN("super-admin");

    /** Prefix of the ClusterRoles: {@code canopy:tenant:view} ... */
    public static final String CLUSTER_ROLE_PREFIX = "canopy:tenant:";

    private final String level;

    TenantRole(String level) { this.level = level; }

    /** {@code view}, {@code use}, {@code admin}, {@code super-admin}. */
    public String level() { return level; }

    /** {@code canopy:tenant:<level>}. */
    public String clusterRole() { return CLUSTER_ROLE_PREFIX + level; }

    /** Whether holding this role gives everything {@code other} gives. */
    public boolean includes(TenantRole other) { return other != null && compareTo(other) >= 0; }

    /** The higher of two roles, either may be null. */
    public static TenantRole max(TenantRole a, TenantRole b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The role a ClusterRole name stands for ({@code canopy:tenant:admin} → ADMIN); empty for any other role. */
    public static Optional<TenantRole> ofClusterRole(String clusterRoleName) {
        if (clusterRoleName == null || !clusterRoleName.startsWith(CLUSTER_ROLE_PREFIX)) return Optional.empty();
        String level = clusterRoleName.substring(CLUSTER_ROLE_PREFIX.length());
        for (TenantRole r : values()) if (r.level.equals(level)) return Optional.of(r);
        return Optional.empty();
    }
}
