package dev.canopy.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.apps.AppStatus;
import dev.canopy.api.tenancy.Tenant;
import java.util.List;

/**
 * Where a managed app or tenant service belongs and what its status says, from the tree alone:
 * it must live in a tenant's namespace; its host is {@code <app>.<tenant domain>} (or its own
 * {@code spec.host}, for the kinds that have one; Monitoring's Grafana defaults to
 * {@code grafana.<tenant domain>}); its services are the tenant's, resolved exactly as for the tenant.
 */
public final class AppRules {
    private AppRules() {}

    /** Admission: an app outside a tenant's namespace is refused (there is no domain, service or quota for it). */
    public static List<FieldError> checkNamespace(TenantTree tree, String namespace) {
        if (tree.contains(namespace)) return List.of();
        return List.of(FieldError.invalid("metadata.namespace", namespace, "namespace \"" + namespace
                + "\" is not a tenant's namespace; create apps in a tenant namespace such as " + TenantTree.ROOT));
    }

    /** The derived status fields (host, services) of app {@code app} of {@code kind}; conditions are the controller's. */
    public static AppStatus status(TenantTree tree, String kind, ObjectNode app) {
        String ns = Objects.namespace(app), name = Objects.name(app);
        String own = Objects.text(app, "spec.host");
        String host = !own.isBlank() ? own.trim()
                : "Monitoring".equals(kind) ? tree.appHost("grafana", ns)
                : tree.appHost(name, ns);
        Tenant.Services s = tree.services(ns);
        return new AppStatus(host, new AppStatus.Services(s.etcd(), s.ingress(), s.monitoring()), null, null);
    }
}
