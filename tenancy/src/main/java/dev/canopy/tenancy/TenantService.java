package dev.canopy.tenancy;

import dev.canopy.api.tenancy.Tenant;

/**
 * A cluster service a tenant either runs itself ({@code spec.<service>: true}) or inherits from the
 * nearest ancestor that runs it (Cozystack's etcd, ingress, monitoring and seaweedfs).
 */
public enum TenantService {
    ETCD("etcd"),
    INGRESS("ingress"),
    MONITORING("monitoring"),
    SEAWEEDFS("seaweedfs");

    private final String field;

    TenantService(String field) { this.field = field; }

    /** The field name in {@code spec} and {@code status.services}. */
    public String field() { return field; }

    /** The value of this service's toggle in a Tenant spec: null when unset. */
    public Boolean in(Tenant.Spec spec) {
        if (spec == null) return null;
        return switch (this) {
            case ETCD -> spec.etcd();
            case INGRESS -> spec.ingress();
            case MONITORING -> spec.monitoring();
            case SEAWEEDFS -> spec.seaweedfs();
        };
    }
}
