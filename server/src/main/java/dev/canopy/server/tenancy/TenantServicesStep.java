package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.TenantNode;
import dev.canopy.tenancy.TenantService;
import dev.canopy.tenancy.TenantTree;
import java.util.List;

/**
 * Tenant step: the tenant's own {@code Etcd}, {@code Ingress} and {@code Monitoring} objects (named
 * {@code etcd}, {@code ingress}, {@code monitoring} in its namespace, as Cozystack names them) exist
 * exactly when it runs that service ({@code spec.<service>: true}; the root unless set to false).
 * Only objects this step created (label {@link #MANAGED}) are ever deleted. Idempotent.
 */
final class TenantServicesStep {
    private TenantServicesStep() {}

    static final String MANAGED = "tenancy.canopy.dev/tenant-service";
    private record Kind(TenantService service, String resource, String kind) {}
    private static final List<Kind> KINDS = List.of(
            new Kind(TenantService.ETCD, "apps.canopy.dev/etcds", "Etcd"),
            new Kind(TenantService.INGRESS, "apps.canopy.dev/ingresses", "Ingress"),
            new Kind(TenantService.MONITORING, "apps.canopy.dev/monitorings", "Monitoring"));

    static void run(ResourceStore store, TenantTree tree, String owned) {
        TenantNode node = tree.node(owned).orElseThrow();
        ObjectNode ns = store.get(ResourceKey.cluster("core/namespaces", owned)).orElse(null);
        if (ns == null || Objects.deleting(ns)) return;
        for (Kind k : KINDS) {
            ResourceKey key = new ResourceKey(k.resource(), owned, k.service().field());
            ObjectNode have = store.get(key).orElse(null);
            if (node.runs(k.service())) {
                if (have != null) continue;
                ObjectNode o = Json.object();
                o.put("apiVersion", "apps.canopy.dev/v1alpha1").put("kind", k.kind());
                o.putObject("metadata").put("name", k.service().field()).put("namespace", owned).putObject("labels").put(MANAGED, "true");
                o.putObject("spec");
                try {
                    store.create(key, o);
                } catch (ApiException e) {
                    if (e.code() != 409) throw e;
                }
            } else if (have != null && "true".equals(Objects.labels(have).get(MANAGED)) && !Objects.deleting(have)) {
                try {
                    store.delete(key, null, null);
                } catch (ApiException e) {
                    if (e.code() != 404) throw e;
                }
            }
        }
    }
}
